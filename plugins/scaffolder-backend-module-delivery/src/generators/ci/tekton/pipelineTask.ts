/**
 * Builds a Pipeline task with an embedded task spec from one description: the params it takes
 * (bound to pipeline values) and the workspaces it mounts are declared once and appear on both
 * sides, so the task and the Pipeline cannot disagree.
 */

export type Step = Record<string, unknown> & { name: string; image: string };

export interface PipelineTaskOptions {
  name: string;
  description: string;
  runAfter?: string[];
  when?: Array<{ input: string; operator: 'in' | 'notin'; values: string[] }>;
  /** Task param name → value in the Pipeline (a pipeline param or a task result). */
  params?: Record<string, string>;
  /** Task workspace name → pipeline workspace; optional ones may be left unbound. */
  workspaces?: Array<{ name: string; optional?: boolean }>;
  results?: Array<{ name: string; description: string }>;
  volumes?: Array<Record<string, unknown>>;
  stepTemplate?: Record<string, unknown>;
  steps: Step[];
}

/** `$(params.<name>)` of the task. */
export function param(name: string): string {
  return `$(params.${name})`;
}

/** `$(results.<name>.path)` of the task. */
export function resultPath(name: string): string {
  return `$(results.${name}.path)`;
}

/** `$(workspaces.<name>.path)` of the task. */
export function workspacePath(name: string): string {
  return `$(workspaces.${name}.path)`;
}

/** `$(tasks.<task>.results.<name>)` in the Pipeline. */
export function taskResult(task: string, name: string): string {
  return `$(tasks.${task}.results.${name})`;
}

export function pipelineTask(options: PipelineTaskOptions) {
  const params = Object.entries(options.params ?? {});
  const workspaces = options.workspaces ?? [];
  return {
    name: options.name,
    ...(options.runAfter ? { runAfter: options.runAfter } : {}),
    ...(options.when ? { when: options.when } : {}),
    ...(params.length > 0
      ? { params: params.map(([name, value]) => ({ name, value })) }
      : {}),
    ...(workspaces.length > 0
      ? {
          workspaces: workspaces.map(w => ({
            name: w.name,
            workspace: w.name,
          })),
        }
      : {}),
    taskSpec: {
      description: options.description,
      ...(params.length > 0
        ? { params: params.map(([name]) => ({ name, type: 'string' })) }
        : {}),
      ...(workspaces.length > 0
        ? {
            workspaces: workspaces.map(w => ({
              name: w.name,
              ...(w.optional ? { optional: true } : {}),
            })),
          }
        : {}),
      ...(options.results ? { results: options.results } : {}),
      ...(options.volumes ? { volumes: options.volumes } : {}),
      ...(options.stepTemplate ? { stepTemplate: options.stepTemplate } : {}),
      steps: options.steps,
    },
  };
}

export type PipelineTask = ReturnType<typeof pipelineTask>;
