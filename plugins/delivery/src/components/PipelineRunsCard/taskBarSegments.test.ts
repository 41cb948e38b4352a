import { TaskRunView } from '@go-delivery/plugin-delivery-common';
import { taskBarSegments } from './taskBarSegments';

function task(name: string, durationMs?: number): TaskRunView {
  return {
    name: `run-${name}`,
    pipelineTaskName: name,
    status: 'succeeded',
    durationMs,
    hasLogs: true,
    steps: [],
  };
}

const total = (widths: number[]) => widths.reduce((a, b) => a + b, 0);

describe('taskBarSegments', () => {
  it('splits the bar in proportion to the durations', () => {
    const segments = taskBarSegments([
      task('clone', 30_000),
      task('test', 210_000),
      task('build', 60_000),
    ]);
    expect(segments.map(s => s.widthPercent)).toEqual([10, 70, 20]);
    expect(segments.map(s => s.description)).toEqual([
      'clone: Succeeded, 30s',
      'test: Succeeded, 3m 30s',
      'build: Succeeded, 1m 00s',
    ]);
  });

  it('keeps a very short task visible and the total at 100 %', () => {
    const segments = taskBarSegments([
      task('clone', 1_000),
      task('test', 999_000),
    ]);
    expect(segments[0].widthPercent).toBe(4);
    expect(segments[1].widthPercent).toBeCloseTo(96);
    expect(total(segments.map(s => s.widthPercent))).toBeCloseTo(100);
  });

  it('shares the bar equally when no task has a duration yet', () => {
    const segments = taskBarSegments([
      task('clone'),
      task('test'),
      task('build'),
    ]);
    segments.forEach(s => expect(s.widthPercent).toBeCloseTo(100 / 3));
    expect(segments[0].description).toBe('clone: Succeeded');
  });

  it('names a task run by its TaskRun name when the pipeline task is unknown', () => {
    const [segment] = taskBarSegments([
      { ...task('x', 5_000), pipelineTaskName: undefined, status: 'failed' },
    ]);
    expect(segment).toMatchObject({
      label: 'run-x',
      status: 'failed',
      widthPercent: 100,
      description: 'run-x: Failed, 5s',
    });
  });

  it('gives no segments for a run without task runs', () => {
    expect(taskBarSegments([])).toEqual([]);
  });
});
