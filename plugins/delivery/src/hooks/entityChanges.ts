import { useEffect, useState } from 'react';

/*
 * The cards of an entity read their data separately. An action that changes what several of
 * them show (a rollback, an abort, a promotion) is announced here by the card that acted, and
 * every card of that entity reads again — on the Delivery tab and on the overview page alike,
 * without a provider around them.
 */

type Listener = () => void;

const counts = new Map<string, number>();
const listeners = new Map<string, Set<Listener>>();

/** Tells every card of the entity that its delivery state changed. */
export function announceEntityChange(entityRef: string): void {
  counts.set(entityRef, (counts.get(entityRef) ?? 0) + 1);
  for (const listener of listeners.get(entityRef) ?? []) listener();
}

/**
 * How many changes of the entity were announced; put it in the dependencies of a load so the
 * load runs again after each.
 */
export function useEntityChanges(entityRef: string): number {
  const [count, setCount] = useState(() => counts.get(entityRef) ?? 0);
  useEffect(() => {
    const listener = () => setCount(counts.get(entityRef) ?? 0);
    const set = listeners.get(entityRef) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(entityRef, set);
    listener();
    return () => {
      set.delete(listener);
      if (set.size === 0) listeners.delete(entityRef);
    };
  }, [entityRef]);
  return count;
}
