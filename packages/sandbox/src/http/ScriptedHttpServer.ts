import { ServerResponse } from 'node:http';
import {
  ErrorAnswer,
  FakeHttpRequest,
  FakeHttpServer,
  FakeHttpServerOptions,
} from './FakeHttpServer';

/** What a scripted server answers one request with: a status and a JSON body. */
export interface ScriptedAnswer {
  /** @default 200 */
  status?: number;
  body: unknown;
}

export interface ScriptedHttpServerOptions extends FakeHttpServerOptions {
  /** Answers each request; the test decides what, e.g. a body of a shape no upstream sends. */
  answer: (request: FakeHttpRequest) => ScriptedAnswer;
}

/**
 * An upstream that answers whatever the test scripts, over real HTTP and with the fakes' request
 * recording: for the answers the real fakes never give (garbage shapes, odd statuses).
 */
export class ScriptedHttpServer extends FakeHttpServer {
  private constructor(private readonly options: ScriptedHttpServerOptions) {
    super(options);
  }

  static start(
    options: ScriptedHttpServerOptions,
  ): Promise<ScriptedHttpServer> {
    return new ScriptedHttpServer(options).listen();
  }

  protected handle(request: FakeHttpRequest, res: ServerResponse): void {
    const { status, body } = this.options.answer(request);
    this.sendJson(res, status ?? 200, body);
  }

  protected errorAnswer(error: unknown): ErrorAnswer {
    return { status: 500, body: { message: String(error) } };
  }
}
