import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';
import {
  coverageUploadPermission,
  CoverageFilesResponse,
  CoverageHistoryResponse,
  CoverageResponse,
  CoverageUploadResponse,
} from '@go-delivery/plugin-delivery-common';
import express from 'express';
import { Knex } from 'knex';
import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { ActionLedger } from '../actions/ActionLedger';
import { ServiceAccess } from '../actions/serviceAccess';
import { EntityClaims } from '../binding/entityClaims';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { CoverageStore } from '../database/CoverageStore';
import { CoverageService } from '../services/coverage/CoverageService';
import { syntheticGoProfile } from '../services/coverage/testing/syntheticGoProfile';
import { coverageRoutes } from './coverageRoutes';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const OUTSIDER = 'user:default/outsider';
const CI = mockCredentials.service('external:tekton-ci');
const SHA_1 = 'a'.repeat(40);
const SHA_2 = 'b'.repeat(40);

function component(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

const entities = [
  component('payments-api', { 'go-delivery.dev/coverage-threshold': '60' }),
  component('orders-api'),
  component('secret-service'),
  component('bad-threshold', { 'go-delivery.dev/coverage-threshold': '120' }),
];

/** A catalog that hides `secret-service` from the outsider, as a permission policy would. */
const catalog = catalogServiceMock.mock({
  async getEntityByRef(ref, options) {
    const wanted = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
    const principal = (options as any)?.credentials?.principal;
    if (
      wanted === 'component:default/secret-service' &&
      principal?.userEntityRef === OUTSIDER
    ) {
      return undefined;
    }
    return entities.find(e => stringifyEntityRef(e) === wanted);
  },
});

const GO_PROFILE = [
  'mode: atomic',
  'example.com/pay/internal/api/api.go:5.30,7.2 2 4',
  'example.com/pay/internal/api/api.go:9.30,11.2 2 0',
  'example.com/pay/cmd/server/main.go:3.13,8.2 4 1',
  'example.com/pay/internal/api/api.go:5.30,7.2 2 0',
  '',
].join('\n');

const uploadPath = (query: Record<string, string>) =>
  `/coverage?${new URLSearchParams({
    entity: 'component:default/payments-api',
    commit: SHA_1,
    branch: 'main',
    format: 'go',
    ...query,
  })}`;

interface RecordedEvent {
  eventId: string;
  success: jest.Mock;
  fail: jest.Mock;
}

describe('coverage routes', () => {
  let knex: Knex;
  let store: CoverageStore;
  let auditEvents: RecordedEvent[];
  let clock: number;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(mockServices.database({ knex }));
    store = new CoverageStore(knex);
  });

  beforeEach(async () => {
    await knex('coverage_files').delete();
    await knex('coverage_packages').delete();
    await knex('coverage_reports').delete();
    catalog.getEntityByRef.mockClear();
    auditEvents = [];
    clock = Date.UTC(2025, 5, 1, 12, 0, 0);
  });

  function createApp(options?: {
    permissions?: PermissionsService;
    defaultCredentials?: BackstageCredentials;
    maxUploadBytes?: number;
    maxFiles?: number;
    jsonParserFirst?: boolean;
  }) {
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async ({ eventId }) => {
        const event = { eventId, success: jest.fn(), fail: jest.fn() };
        auditEvents.push(event);
        return event;
      }),
    }) as jest.Mocked<AuditorService>;
    const coverage = new CoverageService({
      store,
      defaultThreshold: 80,
      maxFiles: options?.maxFiles ?? 50_000,
      logger,
      now: () => new Date((clock += 60_000)),
    });
    const app = express();
    if (options?.jsonParserFirst) app.use(express.json());
    app.use(
      coverageRoutes({
        httpAuth: mockServices.httpAuth({
          pluginId: 'delivery',
          defaultCredentials: options?.defaultCredentials ?? CI,
        }),
        auditor,
        catalog,
        permissions: options?.permissions ?? mockServices.permissions(),
        actions: new ActionLedger({ knex, logger: mockServices.logger.mock() }),
        serviceAccess: new ServiceAccess([
          {
            subject: 'external:tekton-ci',
            // CI reads back what it uploaded in some of these tests.
            read: true,
            actions: ['delivery.coverage.upload'],
            entities: ['*'],
            owners: [],
          },
        ]),
        claims: new EntityClaims({
          catalog,
          auth: mockServices.auth(),
          logger: mockServices.logger.mock(),
        }),
        coverage,
        coverageConfig: {
          maxUploadBytes: options?.maxUploadBytes ?? 10 * 1024 * 1024,
        },
      }),
    );
    app.use(express.json());
    app.use(mockErrorHandler());
    return app;
  }

  async function storedReports(): Promise<number> {
    const [row] = await knex('coverage_reports').count({ n: '*' });
    return Number(row.n);
  }

  it('stores an upload from CI and serves it to users as latest and history', async () => {
    const app = createApp();
    const upload = await request(app)
      .post(uploadPath({}))
      .set('Content-Type', 'text/plain')
      .send(GO_PROFILE)
      .expect(201);
    const uploaded: CoverageUploadResponse = upload.body;
    expect(uploaded).toEqual({
      entityRef: 'component:default/payments-api',
      threshold: { percent: 60, source: 'annotation' },
      report: {
        commit: SHA_1,
        branch: 'main',
        uploadedAt: '2025-06-01T12:01:00.000Z',
        format: 'go',
        unit: 'statements',
        covered: 6,
        total: 8,
        percent: 75,
        packageCount: 2,
        fileCount: 2,
        passed: true,
        delta: null,
      },
    });
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/payments-api',
      {
        credentials: CI,
      },
    );
    expect(auditEvents.map(e => e.eventId)).toEqual(['coverage-upload']);
    expect(auditEvents[0].success).toHaveBeenCalledWith({
      meta: {
        entityRef: 'component:default/payments-api',
        commit: SHA_1,
        branch: 'main',
        format: 'go',
        covered: 6,
        total: 8,
        percent: 75,
        passed: true,
      },
    });

    // The next commit on main covers less: the latest view shows the drop.
    await request(app)
      .post(
        uploadPath({ commit: SHA_2.toUpperCase(), branch: 'refs/heads/main' }),
      )
      .set('Content-Type', 'application/octet-stream')
      .send(GO_PROFILE.replace('main.go:3.13,8.2 4 1', 'main.go:3.13,8.2 4 0'))
      .expect(201);

    const latest = await request(app)
      .get('/entities/component/default/payments-api/coverage')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .expect(200);
    const view: CoverageResponse = latest.body;
    expect(view.latest).toMatchObject({
      commit: SHA_2,
      branch: 'main',
      covered: 2,
      total: 8,
      percent: 25,
      passed: false,
      delta: -50,
      previous: { commit: SHA_1, percent: 75 },
    });
    expect(view.latest!.packages).toEqual([
      {
        name: 'example.com/pay/cmd/server',
        covered: 0,
        total: 4,
        percent: 0,
      },
      {
        name: 'example.com/pay/internal/api',
        covered: 2,
        total: 4,
        percent: 50,
      },
    ]);
    // Each package's files come from the files route, of the newest report by default.
    const filesOf = async (pkg: string) =>
      (
        await request(app)
          .get(
            `/entities/component/default/payments-api/coverage/files?${new URLSearchParams(
              { package: pkg },
            )}`,
          )
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/alice'),
          )
          .expect(200)
      ).body as CoverageFilesResponse;
    expect(await filesOf('example.com/pay/cmd/server')).toEqual({
      entityRef: 'component:default/payments-api',
      commit: SHA_2,
      package: 'example.com/pay/cmd/server',
      page: 1,
      pageSize: 100,
      totalFiles: 1,
      files: [
        {
          path: 'example.com/pay/cmd/server/main.go',
          covered: 0,
          total: 4,
          percent: 0,
        },
      ],
    });
    expect((await filesOf('example.com/pay/internal/api')).files).toEqual([
      {
        path: 'example.com/pay/internal/api/api.go',
        covered: 2,
        total: 4,
        percent: 50,
      },
    ]);

    const history = await request(app)
      .get(
        '/entities/component/default/payments-api/coverage/history?branch=main',
      )
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .expect(200);
    const trend: CoverageHistoryResponse = history.body;
    expect(trend).toEqual({
      entityRef: 'component:default/payments-api',
      threshold: { percent: 60, source: 'annotation' },
      branch: 'main',
      points: [
        {
          commit: SHA_1,
          branch: 'main',
          uploadedAt: '2025-06-01T12:01:00.000Z',
          covered: 6,
          total: 8,
          percent: 75,
          passed: true,
        },
        {
          commit: SHA_2,
          branch: 'main',
          uploadedAt: '2025-06-01T12:02:00.000Z',
          covered: 2,
          total: 8,
          percent: 25,
          passed: false,
        },
      ],
    });
  });

  it('replaces the report when CI uploads the same commit again', async () => {
    const app = createApp();
    await request(app).post(uploadPath({})).send(GO_PROFILE).expect(201);
    const again = await request(app)
      .post(uploadPath({ format: 'lcov' }))
      .send('SF:src/a.js\nDA:1,1\nDA:2,0\nend_of_record\n')
      .expect(201);
    expect(again.body.report).toMatchObject({
      format: 'lcov',
      unit: 'lines',
      percent: 50,
    });
    expect(await storedReports()).toBe(1);
  });

  it('answers an entity without reports with its threshold only', async () => {
    const res = await request(createApp())
      .get('/entities/component/default/orders-api/coverage')
      .expect(200);
    expect(res.body).toEqual({
      entityRef: 'component:default/orders-api',
      threshold: { percent: 80, source: 'config' },
    });
  });

  it('does not let the JSON body parser mounted after it consume a report', async () => {
    const res = await request(createApp())
      .post(uploadPath({ format: 'lcov' }))
      .set('Content-Type', 'application/json')
      .send('SF:src/a.js\nDA:1,1\nend_of_record\n')
      .expect(201);
    expect(res.body.report.percent).toBe(100);
  });

  it('says so when a body parser in front of it consumed the report', async () => {
    const res = await request(createApp({ jsonParserFirst: true }))
      .post(uploadPath({}))
      .set('Content-Type', 'application/json')
      .send('{"not":"a report"}')
      .expect(400);
    expect(res.body.error.message).toContain(
      'The request body was already consumed',
    );
    expect(await storedReports()).toBe(0);
  });

  describe('who may upload', () => {
    it('answers 401 without credentials, and reads nothing', async () => {
      await request(createApp())
        .post(uploadPath({}))
        .set('Authorization', mockCredentials.none.header())
        .send(GO_PROFILE)
        .expect(401);
      expect(catalog.getEntityByRef).not.toHaveBeenCalled();
      expect(await storedReports()).toBe(0);
    });

    it('refuses user credentials: uploads are for CI service tokens', async () => {
      const res = await request(createApp())
        .post(uploadPath({}))
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .send(GO_PROFILE)
        .expect(403);
      expect(res.body.error).toEqual({
        name: 'NotAllowedError',
        message: "This endpoint does not allow 'user' credentials",
      });
      expect(catalog.getEntityByRef).not.toHaveBeenCalled();
      expect(await storedReports()).toBe(0);
    });

    it('answers 403 when the permission policy denies the upload, storing nothing', async () => {
      const permissions = mockServices.permissions.mock({
        authorize: jest.fn(async () => [{ result: AuthorizeResult.DENY }]),
      });
      const res = await request(createApp({ permissions }))
        .post(uploadPath({}))
        .send(GO_PROFILE)
        .expect(403);
      expect(res.body.error.message).toBe(
        "Not allowed to delivery.coverage.upload for 'component:default/payments-api'",
      );
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: coverageUploadPermission,
            resourceRef: 'component:default/payments-api',
          },
        ],
        { credentials: CI },
      );
      expect(await storedReports()).toBe(0);
      expect(auditEvents[0].fail).toHaveBeenCalledTimes(1);
      expect(auditEvents[0].success).not.toHaveBeenCalled();
    });

    it.each([
      [['delivery.coverage.upload'], 201],
      [['catalog.entity.read'], 403],
    ])(
      'applies the access restrictions of an external access token (%j → %d)',
      async (permissionNames, status) => {
        // The server permission client decides for service principals from their restrictions.
        const permissions = ServerPermissionClient.fromConfig(
          new ConfigReader({ permission: { enabled: true } }),
          {
            auth: mockServices.auth({ pluginId: 'delivery' }),
            discovery: mockServices.discovery(),
          },
        );
        const token = mockCredentials.service('external:tekton-ci', {
          permissionNames,
        });
        await request(createApp({ permissions, defaultCredentials: token }))
          .post(uploadPath({}))
          .send(GO_PROFILE)
          .expect(status);
        expect(await storedReports()).toBe(status === 201 ? 1 : 0);
      },
    );

    it('answers 404 for an entity the catalog does not know', async () => {
      const res = await request(createApp())
        .post(uploadPath({ entity: 'component:default/nope' }))
        .send(GO_PROFILE)
        .expect(404);
      expect(res.body.error.message).toBe(
        "Entity 'component:default/nope' not found",
      );
    });
  });

  describe('limits and bad input', () => {
    it('answers 413 when Content-Length is over the limit, before reading the body', async () => {
      const res = await request(createApp({ maxUploadBytes: 1000 }))
        .post(uploadPath({}))
        .send(`mode: set\n${'x/a.go:1.1,2.2 1 1\n'.repeat(100)}`)
        .expect(413);
      expect(res.body.error).toEqual({
        name: 'PayloadTooLargeError',
        message:
          'The coverage report is larger than the limit of 1000 bytes (delivery.coverage.maxUploadBytes)',
        statusCode: 413,
      });
      expect(res.headers.connection).toBe('close');
      expect(await storedReports()).toBe(0);
    });

    it('answers 413 while streaming a chunked upload past the limit, storing nothing', async () => {
      const server = createApp({ maxUploadBytes: 64 * 1024 }).listen(0);
      try {
        const block = 'x/a.go:1.1,2.2 1 1\n';
        const chunks = [
          'mode: set\n',
          ...Array.from({ length: 100 }, () => block.repeat(100)),
        ];
        const res = await postChunked(server, uploadPath({}), chunks);
        expect(res.status).toBe(413);
        expect(JSON.parse(res.body).error.name).toBe('PayloadTooLargeError');
        expect(await storedReports()).toBe(0);
      } finally {
        server.close();
      }
    });

    it('answers 400 with the line where a Go profile broke, storing nothing of it', async () => {
      const valid = GO_PROFILE.trimEnd().split('\n');
      const body = [
        ...valid,
        ...valid.slice(1),
        'example.com/pay/x.go:1.1,2 1 1',
        '',
      ].join('\n');
      const res = await request(createApp())
        .post(uploadPath({}))
        .send(body)
        .expect(400);
      expect(res.body.error).toEqual({
        name: 'InputError',
        message:
          'Malformed Go coverprofile at line 10: expected \'file.go:startLine.startCol,endLine.endCol statements count\', got "example.com/pay/x.go:1.1,2 1 1"',
        line: 10,
      });
      expect(await storedReports()).toBe(0);
    });

    it('answers 400 with the line and column where Cobertura XML broke', async () => {
      const res = await request(createApp())
        .post(uploadPath({ format: 'cobertura' }))
        .set('Content-Type', 'application/xml')
        .send(
          '<coverage>\n  <packages>\n    <package name="p"><classes>\n  </packages>',
        )
        .expect(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        line: 4,
        column: 13,
      });
      expect(res.body.error.message).toBe(
        'Malformed Cobertura XML at line 4, column 13: unexpected close tag.',
      );
    });

    it.each([
      [
        'a short SHA',
        { commit: 'abc123' },
        "Query parameter 'commit' must be a full hex",
      ],
      [
        'a non-hex SHA',
        { commit: 'g'.repeat(40) },
        "Query parameter 'commit' must be a full hex",
      ],
      [
        'a branch with ..',
        { branch: 'feature..x' },
        "Query parameter 'branch' is not a valid git",
      ],
      [
        'a branch with a space',
        { branch: 'a b' },
        "Query parameter 'branch' is not a valid git",
      ],
      [
        'a branch starting with -',
        { branch: '-x' },
        "Query parameter 'branch' is not a valid git",
      ],
      [
        'a branch ending in .lock',
        { branch: 'x.lock' },
        "Query parameter 'branch' is not a valid git",
      ],
      [
        'a 256-character branch',
        { branch: 'b'.repeat(256) },
        "Query parameter 'branch' is not a valid git",
      ],
      [
        'an unknown format',
        { format: 'jacoco' },
        "Query parameter 'format' must be one of go, cobertura, lcov",
      ],
      [
        'an entity without kind',
        { entity: 'payments-api' },
        "Query parameter 'entity' must be an entity reference",
      ],
      [
        'a malformed entity name',
        { entity: 'component:default/a;b' },
        "Malformed entity reference 'component:default/a;b'",
      ],
    ])('answers 400 to %s', async (_label, query, message) => {
      const res = await request(createApp())
        .post(uploadPath(query))
        .send(GO_PROFILE)
        .expect(400);
      expect(res.body.error.message).toContain(message);
      expect(await storedReports()).toBe(0);
    });

    const cobertura = (classes: string, packageName = 'p') =>
      `<coverage><packages><package name="${packageName}"><classes>${classes}</classes></package></packages></coverage>`;
    const coberturaClass = (filename: string) =>
      `<class filename="${filename}"><lines><line number="1" hits="1"/></lines></class>`;

    it.each([
      [
        'go',
        'mode: set\na.go:1.1,2.2 1 1\nb.go:1.1,2.2 1 1\nc.go:1.1,2.2 1 1\n',
        'Malformed Go coverprofile at line 4',
      ],
      [
        'lcov',
        ['a', 'b', 'c']
          .map(f => `SF:${f}.js\nDA:1,1\nend_of_record\n`)
          .join(''),
        'Malformed LCOV at line 7',
      ],
      [
        'cobertura',
        cobertura(['a', 'b', 'c'].map(f => coberturaClass(`${f}.go`)).join('')),
        'Malformed Cobertura XML at line 1, column 216, <class>',
      ],
    ])(
      'answers 400 to a %s report of more files than delivery.coverage.maxFiles, storing nothing',
      async (format, body, where) => {
        const res = await request(createApp({ maxFiles: 2 }))
          .post(uploadPath({ format }))
          .send(body)
          .expect(400);
        expect(res.body.error).toMatchObject({ name: 'InputError' });
        expect(res.body.error.message).toBe(
          `${where}: the report lists more than 2 files (delivery.coverage.maxFiles)`,
        );
        expect(await storedReports()).toBe(0);
      },
    );

    it.each([
      [
        'go',
        'mode: set\nx/a\u0000b.go:1.1,2.2 1 1\n',
        'Malformed Go coverprofile at line 2: file path "x/a\\u0000b.go" contains the control character U+0000',
      ],
      [
        'lcov',
        'SF:src/a\u0000b.ts\nDA:1,1\nend_of_record\n',
        'Malformed LCOV at line 1: file path "src/a\\u0000b.ts" contains the control character U+0000',
      ],
      [
        'lcov',
        'SF:src/a\u001b[31mb.ts\nDA:1,1\nend_of_record\n',
        'Malformed LCOV at line 1: file path "src/a\\u001b[31mb.ts" contains the control character U+001B',
      ],
      [
        'cobertura',
        cobertura(coberturaClass('a&#9;b.go')),
        'file path "a\\tb.go" contains the control character U+0009',
      ],
      [
        'cobertura',
        cobertura(coberturaClass('a.go'), 'p&#10;q'),
        'package name "p\\nq" contains the control character U+000A',
      ],
    ])(
      'answers 400 to a %s report naming a file or package with a control character, storing nothing',
      async (format, body, message) => {
        const res = await request(createApp())
          .post(uploadPath({ format }))
          .send(body)
          .expect(400);
        expect(res.body.error.message).toContain(message);
        expect(await storedReports()).toBe(0);
      },
    );

    it('answers 400 naming the threshold annotation when its value is bad', async () => {
      const app = createApp();
      const upload = await request(app)
        .post(uploadPath({ entity: 'component:default/bad-threshold' }))
        .send(GO_PROFILE)
        .expect(400);
      expect(upload.body.error.message).toBe(
        'Annotation \'go-delivery.dev/coverage-threshold\' is invalid: expected a percentage between 0 and 100, got "120"',
      );
      expect(await storedReports()).toBe(0);
      await request(app)
        .get('/entities/component/default/bad-threshold/coverage')
        .expect(400);
    });

    it('answers a database failure with a short message, logging the details', async () => {
      const failure = new Error(
        "insert into `coverage_files` (`path`) values ('x/a.go') - SQLITE_FULL: database or disk is full (/var/lib/backstage/delivery.sqlite)",
      );
      jest.spyOn(store, 'saveReport').mockRejectedValueOnce(failure);
      jest.spyOn(store, 'findLatest').mockRejectedValueOnce(failure);
      const app = createApp();
      const upload = await request(app)
        .post(uploadPath({}))
        .send(GO_PROFILE)
        .expect(503);
      expect(upload.body.error.message).toBe(
        'The coverage report could not be stored',
      );
      const read = await request(app)
        .get('/entities/component/default/payments-api/coverage')
        .expect(503);
      expect(read.body.error.message).toBe(
        'The coverage reports could not be read',
      );
      for (const res of [upload, read]) {
        expect(res.text).not.toContain('sqlite');
        expect(res.text).not.toContain('insert into');
      }
      expect(logger.error).toHaveBeenCalledWith(
        'Coverage database call failed',
        failure,
      );
    });

    it('refuses an encoded body it cannot read', async () => {
      const res = await request(createApp())
        .post(uploadPath({}))
        .set('Content-Encoding', 'br')
        .send(GO_PROFILE)
        .expect(415);
      expect(res.body.error.message).toContain(
        "Content-Encoding 'br' is not supported",
      );
    });
  });

  describe('reading', () => {
    it('answers 404 when the caller may not read the entity', async () => {
      for (const path of [
        'coverage',
        'coverage/history',
        'coverage/files?package=x',
      ]) {
        const res = await request(createApp())
          .get(`/entities/component/default/secret-service/${path}`)
          .set('Authorization', mockCredentials.user.header(OUTSIDER));
        expect(res.status).toBe(404);
        expect(res.body.error.message).toBe(
          "Entity 'component:default/secret-service' not found",
        );
      }
    });

    it.each([
      ['coverage?branch=a..b', 400, "Query parameter 'branch' is not a valid"],
      ['coverage/history?limit=0', 400, "Query parameter 'limit' must be"],
      ['coverage/history?limit=5000', 400, "Query parameter 'limit' must be"],
      ['coverage/history?limit=5&branch=main', 200, undefined],
      ['coverage/files', 400, "Query parameter 'package' is required, once"],
      [
        'coverage/files?package=a&package=b',
        400,
        "Query parameter 'package' is required, once",
      ],
      [
        'coverage/files?package=a%00b',
        400,
        "Query parameter 'package' must be a package name",
      ],
      [
        `coverage/files?package=${'p'.repeat(5000)}`,
        400,
        "Query parameter 'package' must be a package name",
      ],
      [
        'coverage/files?package=a&page=0',
        400,
        "Query parameter 'page' must be a whole number from 1",
      ],
      [
        'coverage/files?package=a&pageSize=501',
        400,
        "Query parameter 'pageSize' must be a whole number from 1 to 500",
      ],
      [
        'coverage/files?package=a&pageSize=1e2',
        400,
        "Query parameter 'pageSize' must be a whole number",
      ],
      [
        'coverage/files?package=a&commit=abc',
        400,
        "Query parameter 'commit' must be a full hex",
      ],
      [
        'coverage/files?package=a&branch=main',
        400,
        "Unknown query parameter 'branch'",
      ],
      ['coverage/files?package=a', 404, 'No coverage report of'],
    ])('validates the query of %s', async (path, status, message) => {
      const res = await request(createApp()).get(
        `/entities/component/default/orders-api/${path}`,
      );
      expect(res.status).toBe(status);
      expect(res.body.error?.message?.slice(0, message?.length)).toBe(message);
    });
  });

  describe('files of a package', () => {
    const files = (query: Record<string, string>) =>
      `/entities/component/default/payments-api/coverage/files?${new URLSearchParams(
        query,
      )}`;
    const pkg = 'example.com/pay/internal/api';
    /** A report whose api package has `count` files, a.go, b.go, …, each with i of 10 covered. */
    const profile = (count: number) =>
      [
        'mode: set',
        ...Array.from(
          { length: count },
          (_, i) =>
            `${pkg}/${String.fromCharCode(97 + i)}.go:1.1,2.2 10 ${i % 2}`,
        ),
        'example.com/pay/cmd/main.go:1.1,2.2 1 1',
        '',
      ].join('\n');

    it('reads one package’s files a page at a time, of the newest report or of one commit', async () => {
      const app = createApp();
      await request(app).post(uploadPath({})).send(profile(5)).expect(201);
      await request(app)
        .post(uploadPath({ commit: SHA_2 }))
        .send(profile(3))
        .expect(201);
      const first = await request(app)
        .get(files({ package: pkg, pageSize: '2' }))
        .expect(200);
      expect(first.body).toEqual({
        entityRef: 'component:default/payments-api',
        commit: SHA_2,
        package: pkg,
        page: 1,
        pageSize: 2,
        totalFiles: 3,
        files: [
          { path: `${pkg}/a.go`, covered: 0, total: 10, percent: 0 },
          { path: `${pkg}/b.go`, covered: 10, total: 10, percent: 100 },
        ],
      });
      const last = await request(app)
        .get(files({ package: pkg, pageSize: '2', page: '2' }))
        .expect(200);
      expect(last.body.files.map((f: { path: string }) => f.path)).toEqual([
        `${pkg}/c.go`,
      ]);
      const older = await request(app)
        .get(
          files({
            package: pkg,
            commit: SHA_1.toUpperCase(),
            page: '3',
            pageSize: '2',
          }),
        )
        .expect(200);
      expect(older.body).toMatchObject({
        commit: SHA_1,
        page: 3,
        totalFiles: 5,
      });
      expect(older.body.files.map((f: { path: string }) => f.path)).toEqual([
        `${pkg}/e.go`,
      ]);
      expect(auditEvents.map(e => e.eventId).slice(-3)).toEqual([
        'coverage-files-read',
        'coverage-files-read',
        'coverage-files-read',
      ]);
    });

    it('answers 404 for a package or a commit the reports do not have', async () => {
      const app = createApp();
      await request(app).post(uploadPath({})).send(profile(1)).expect(201);
      const noPackage = await request(app)
        .get(files({ package: 'example.com/nope' }))
        .expect(404);
      expect(noPackage.body.error.message).toBe(
        `The coverage report of ${SHA_1} has no package 'example.com/nope'`,
      );
      const noCommit = await request(app)
        .get(files({ package: pkg, commit: SHA_2 }))
        .expect(404);
      expect(noCommit.body.error.message).toBe(
        `No coverage report of component:default/payments-api for commit ${SHA_2}`,
      );
    });
  });

  it('keeps the latest-report answer small for a report of the largest default size (measured)', async () => {
    // 50,000 files by default (delivery.coverage.maxFiles); COVERAGE_MEASURE_FILES=300000 measures
    // the 300,000-file report the files route was made for.
    const fileCount = Number(process.env.COVERAGE_MEASURE_FILES) || 50_000;
    const filesPerPackage = 100;
    const lines = ['mode: set'];
    for (let i = 0; i < fileCount; i++) {
      const dir = `x/p${Math.floor(i / filesPerPackage)}`;
      lines.push(`${dir}/f${i % filesPerPackage}.go:1.1,2.2 1 ${i % 2}`);
    }
    const text = `${lines.join('\n')}\n`;
    const app = createApp({ maxFiles: fileCount });
    const started = performance.now();
    await request(app).post(uploadPath({})).send(text).expect(201);
    const stored = performance.now();
    const latest = await request(app)
      .get('/entities/component/default/payments-api/coverage')
      .expect(200);
    const answered = performance.now();
    const bytes = Buffer.byteLength(latest.text);
    expect(latest.body.latest).toMatchObject({
      fileCount,
      packageCount: fileCount / filesPerPackage,
    });
    // Per-package figures only: some 60 bytes per package, nothing per file.
    expect(bytes).toBeLessThan(80 * (fileCount / filesPerPackage));
    const page = await request(app)
      .get(
        `/entities/component/default/payments-api/coverage/files?package=x/p7&pageSize=500`,
      )
      .expect(200);
    expect(page.body.totalFiles).toBe(filesPerPackage);
    // eslint-disable-next-line no-console
    console.info(
      `${fileCount} files in ${fileCount / filesPerPackage} packages (${(
        text.length /
        1024 /
        1024
      ).toFixed(2)} MiB Go coverprofile): ` +
        `stored in ${(stored - started).toFixed(
          0,
        )} ms; latest-report answer ${bytes} bytes in ${(
          answered - stored
        ).toFixed(0)} ms; one package's files ${Buffer.byteLength(
          page.text,
        )} bytes`,
    );
  }, 120_000);

  it('takes a 10 MB Go coverprofile over HTTP (measured)', async () => {
    const profile = syntheticGoProfile(10 * 1024 * 1024 - 512);
    const started = performance.now();
    const res = await request(createApp())
      .post(uploadPath({}))
      .set('Content-Type', 'text/plain')
      .send(profile.text)
      .expect(201);
    const elapsed = performance.now() - started;
    expect(res.body.report).toMatchObject({
      covered: profile.covered,
      total: profile.total,
      packageCount: profile.packages,
      fileCount: profile.files,
    });
    // eslint-disable-next-line no-console
    console.info(
      `HTTP upload of a ${(profile.text.length / 1024 / 1024).toFixed(
        2,
      )} MiB Go coverprofile ` +
        `(${
          profile.files
        } files) parsed and stored on SQLite in ${elapsed.toFixed(0)} ms`,
    );
  });
});

/** Posts a body with chunked transfer encoding (no Content-Length), the way a streaming CI client would. */
async function postChunked(
  server: Server,
  path: string,
  chunks: string[],
): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { port, path, method: 'POST', headers: { 'Content-Type': 'text/plain' } },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    // The server may answer and close before everything is written; the answer is what counts.
    req.on('error', error => reject(error));
    (async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return;
        if (!req.write(chunk)) await new Promise(r => req.once('drain', r));
      }
      req.end();
    })();
  });
}
