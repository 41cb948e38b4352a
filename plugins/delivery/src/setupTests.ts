import '@testing-library/jest-dom';

// jsdom has no layout and no ResizeObserver; chart containers only need the constructor to exist.
class NoLayoutResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = NoLayoutResizeObserver;
}
