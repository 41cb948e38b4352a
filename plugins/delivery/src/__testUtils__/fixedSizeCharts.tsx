import { cloneElement, ReactElement } from 'react';

/**
 * jsdom measures every element as 0×0, so recharts' ResponsiveContainer draws nothing. Tests that
 * look inside a chart replace it with this, which gives the chart a fixed size:
 *
 *   jest.mock('recharts', () => ({
 *     ...jest.requireActual('recharts'),
 *     ResponsiveContainer: jest.requireActual('../../__testUtils__/fixedSizeCharts').FixedSizeContainer,
 *   }));
 */
export function FixedSizeContainer(props: {
  children: ReactElement;
  height?: number | string;
}) {
  return cloneElement(props.children, {
    width: 800,
    height: typeof props.height === 'number' ? props.height : 240,
  });
}
