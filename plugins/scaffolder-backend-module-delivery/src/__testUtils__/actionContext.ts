import { AuditorService } from '@backstage/backend-plugin-api';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject, JsonValue } from '@backstage/types';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The scaffolder's checkpoints as a retried task sees them: a key that succeeded before returns
 * its stored value without running again. Share one store between two runs to emulate a retry.
 */
export function checkpointStore() {
  const values = new Map<string, JsonValue>();
  return {
    values,
    checkpoint: async <T extends JsonValue | void>(options: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> => {
      if (values.has(options.key)) return values.get(options.key) as T;
      const value = await options.fn();
      values.set(options.key, (value ?? {}) as JsonValue);
      return value;
    },
  };
}

export async function temporaryWorkspace(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'scaffolder-workspace-'));
}

/** The id of the task the mock action contexts run in, unless a test names another. */
export const TASK_ID = 'mock-task-id';

/**
 * A mock action context with a real workspace folder, a user, and optional dry run/checkpoints.
 * Contexts with the same `taskId` are attempts of one task (a retry or a recovery).
 */
export function actionContext<TInput extends JsonObject>(options: {
  input: TInput;
  workspacePath: string;
  dryRun?: boolean;
  checkpoints?: ReturnType<typeof checkpointStore>;
  taskId?: string;
}): ActionContext<TInput, any> {
  const context = createMockActionContext<TInput>({
    input: options.input,
    workspacePath: options.workspacePath,
  });
  return {
    ...context,
    isDryRun: options.dryRun ?? false,
    user: { ref: 'user:default/jane' },
    task: { id: options.taskId ?? TASK_ID },
    ...(options.checkpoints
      ? { checkpoint: options.checkpoints.checkpoint as any }
      : {}),
  };
}

/** What the action passed to `ctx.output`, as one object. */
export function outputsOf(context: ActionContext<any, any>): JsonObject {
  return Object.fromEntries(
    (context.output as jest.Mock).mock.calls.map(([name, value]) => [
      name,
      value,
    ]),
  );
}

/** An auditor that records its events and their outcome. */
export function recordingAuditor() {
  const events: Array<{
    eventId: string;
    meta?: JsonObject;
    outcome?: 'success' | 'fail';
    error?: string;
  }> = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const event: (typeof events)[number] = {
        eventId: options.eventId,
        meta: options.meta,
      };
      events.push(event);
      return {
        async success() {
          event.outcome = 'success';
        },
        async fail({ error }) {
          event.outcome = 'fail';
          event.error = error.message;
        },
      };
    },
  };
  return { auditor, events };
}
