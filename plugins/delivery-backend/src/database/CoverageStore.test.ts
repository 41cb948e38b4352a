import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { parseCoverageReport } from '../services/coverage/parseCoverageReport';
import { syntheticGoProfile } from '../services/coverage/testing/syntheticGoProfile';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';
import { CoverageStore, NewCoverageReport } from './CoverageStore';
import { storeTestDatabases } from '../__testUtils__/storeDatabases';

jest.setTimeout(120_000);

/**
 * SQLite always; PostgreSQL wherever a connection string is exported, e.g.
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://user:pw@localhost:5432
 */
const databases = storeTestDatabases();

const ENTITY = 'component:default/payments-api';
const sha = (n: number) => n.toString(16).padStart(40, '0');
const at = (minute: number) =>
  new Date(Date.UTC(2025, 5, 1, 12, minute, 0, 123));

function report(
  overrides: Partial<NewCoverageReport> & { commit: string },
): NewCoverageReport {
  return {
    entityRef: ENTITY,
    branch: 'main',
    format: 'go',
    unit: 'statements',
    uploadedAt: at(0),
    covered: 3,
    total: 4,
    packages: [
      { name: 'example.com/pay/internal/api', covered: 1, total: 2 },
      { name: 'example.com/pay/cmd', covered: 2, total: 2 },
    ],
    files: [
      {
        package: 'example.com/pay/internal/api',
        path: 'example.com/pay/internal/api/z.go',
        covered: 1,
        total: 1,
      },
      {
        package: 'example.com/pay/internal/api',
        path: 'example.com/pay/internal/api/a.go',
        covered: 0,
        total: 1,
      },
      {
        package: 'example.com/pay/cmd',
        path: 'example.com/pay/cmd/main.go',
        covered: 2,
        total: 2,
      },
    ],
    ...overrides,
  };
}

async function count(knex: Knex, table: string): Promise<number> {
  const [row] = await knex(table).count({ n: '*' });
  return Number(row.n);
}

describe.each(databases.eachSupportedId())(
  'CoverageStore on %s',
  databaseId => {
    let knex: Knex;
    let store: CoverageStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      const database = mockServices.database({ knex });
      await applyDatabaseMigrations(database);
      // A second start finds the schema up to date.
      await applyDatabaseMigrations(database);
      store = new CoverageStore(knex);
    });

    beforeEach(async () => {
      await knex('coverage_files').delete();
      await knex('coverage_packages').delete();
      await knex('coverage_reports').delete();
    });

    /** Packages, and every file of each, read the way the coverage routes read them. */
    async function readDetails(reportId: number) {
      const packages = await store.readPackages(reportId);
      const files = [];
      for (const pkg of packages) {
        const page = await store.readFiles({
          reportId,
          package: pkg.name,
          offset: 0,
          limit: Number.MAX_SAFE_INTEGER,
        });
        expect(page.total).toBe(page.files.length);
        files.push(...page.files.map(f => ({ package: pkg.name, ...f })));
      }
      return { packages, files };
    }

    it('stores a report and reads it back with packages and files sorted by name', async () => {
      const saved = await store.saveReport(
        report({ commit: sha(1), uploadedAt: at(1) }),
      );
      expect(saved).toEqual({
        id: expect.any(Number),
        entityRef: ENTITY,
        commit: sha(1),
        branch: 'main',
        format: 'go',
        unit: 'statements',
        covered: 3,
        total: 4,
        packageCount: 2,
        fileCount: 3,
        uploadedAt: at(1),
      });
      expect(await store.findLatest({ entityRef: ENTITY })).toEqual(saved);
      const details = await readDetails(saved.id);
      expect(details.packages.map(p => p.name)).toEqual([
        'example.com/pay/cmd',
        'example.com/pay/internal/api',
      ]);
      expect(details.files.map(f => f.path)).toEqual([
        'example.com/pay/cmd/main.go',
        'example.com/pay/internal/api/a.go',
        'example.com/pay/internal/api/z.go',
      ]);
      expect(details.files[1]).toEqual({
        package: 'example.com/pay/internal/api',
        path: 'example.com/pay/internal/api/a.go',
        covered: 0,
        total: 1,
      });
    });

    it('reads one package’s files a page at a time, in code-point order, and a report by commit', async () => {
      const pkg = 'example.com/pay/internal/api';
      const paths = ['b.go', 'a.go', 'Z.go', 'é.go', '_x.go', 'a_test.go'];
      const saved = await store.saveReport(
        report({
          commit: sha(1),
          files: [
            ...paths.map((name, i) => ({
              package: pkg,
              path: `${pkg}/${name}`,
              covered: i,
              total: 10,
            })),
            { package: 'other', path: 'other/a.go', covered: 1, total: 1 },
          ],
        }),
      );
      const page = (n: number) =>
        store.readFiles({
          reportId: saved.id,
          package: pkg,
          offset: (n - 1) * 4,
          limit: 4,
        });
      const sorted = paths.map(p => `${pkg}/${p}`).sort();
      expect(await page(1)).toEqual({
        total: 6,
        files: sorted.slice(0, 4).map(path => ({
          path,
          covered: paths.indexOf(path.slice(pkg.length + 1)),
          total: 10,
        })),
      });
      expect((await page(2)).files.map(f => f.path)).toEqual(sorted.slice(4));
      expect(await page(3)).toEqual({ total: 6, files: [] });
      expect(
        await store.readFiles({
          reportId: saved.id,
          package: 'nope',
          offset: 0,
          limit: 4,
        }),
      ).toEqual({ total: 0, files: [] });
      expect(
        await store.findByCommit({ entityRef: ENTITY, commit: sha(1) }),
      ).toEqual(saved);
      expect(
        await store.findByCommit({ entityRef: ENTITY, commit: sha(2) }),
      ).toBeUndefined();
    });

    it('replaces the report of the same entity and commit on re-upload', async () => {
      const first = await store.saveReport(
        report({ commit: sha(1), uploadedAt: at(1) }),
      );
      const second = await store.saveReport(
        report({
          commit: sha(1),
          uploadedAt: at(2),
          branch: 'release/1.2',
          format: 'lcov',
          unit: 'lines',
          covered: 5,
          total: 10,
          packages: [{ name: 'src', covered: 5, total: 10 }],
          files: [{ package: 'src', path: 'src/a.ts', covered: 5, total: 10 }],
        }),
      );
      expect(second.id).toBe(first.id);
      expect(second).toMatchObject({
        branch: 'release/1.2',
        covered: 5,
        total: 10,
        uploadedAt: at(2),
      });
      expect(await count(knex, 'coverage_reports')).toBe(1);
      expect(await count(knex, 'coverage_packages')).toBe(1);
      expect(await count(knex, 'coverage_files')).toBe(1);
      expect((await readDetails(second.id)).files).toEqual([
        { package: 'src', path: 'src/a.ts', covered: 5, total: 10 },
      ]);
    });

    it('keeps one consistent report when the same commit is uploaded concurrently', async () => {
      await Promise.all(
        [1, 2, 3].map(n =>
          store.saveReport(
            report({
              commit: sha(9),
              uploadedAt: at(n),
              packages: [{ name: `p${n}`, covered: n, total: 10 }],
              files: [
                { package: `p${n}`, path: `p${n}/f.go`, covered: n, total: 10 },
              ],
            }),
          ),
        ),
      );
      const latest = (await store.findLatest({ entityRef: ENTITY }))!;
      const details = await readDetails(latest.id);
      expect(await count(knex, 'coverage_reports')).toBe(1);
      expect(details.packages).toHaveLength(1);
      expect(details.files).toHaveLength(1);
      expect(details.files[0].package).toBe(details.packages[0].name);
    });

    it('answers the latest report, per branch, and the previous one on the same branch', async () => {
      await store.saveReport(report({ commit: sha(1), uploadedAt: at(1) }));
      await store.saveReport(
        report({ commit: sha(2), uploadedAt: at(2), branch: 'feature/x' }),
      );
      await store.saveReport(
        report({ commit: sha(3), uploadedAt: at(3), covered: 4 }),
      );
      await store.saveReport(
        report({ commit: sha(4), uploadedAt: at(4), branch: 'feature/x' }),
      );
      await store.saveReport(
        report({
          commit: sha(5),
          uploadedAt: at(9),
          entityRef: 'component:default/other',
        }),
      );

      const latest = (await store.findLatest({ entityRef: ENTITY }))!;
      expect(latest.commit).toBe(sha(4));
      expect((await store.findPrevious(latest))!.commit).toBe(sha(2));
      const main = (await store.findLatest({
        entityRef: ENTITY,
        branch: 'main',
      }))!;
      expect(main.commit).toBe(sha(3));
      expect((await store.findPrevious(main))!.commit).toBe(sha(1));
      expect(
        await store.findLatest({ entityRef: ENTITY, branch: 'nope' }),
      ).toBeUndefined();
      expect(
        await store.findLatest({ entityRef: 'component:default/none' }),
      ).toBeUndefined();
    });

    it('orders reports uploaded in the same millisecond by insertion', async () => {
      await store.saveReport(report({ commit: sha(1), uploadedAt: at(5) }));
      await store.saveReport(report({ commit: sha(2), uploadedAt: at(5) }));
      const latest = (await store.findLatest({ entityRef: ENTITY }))!;
      expect(latest.commit).toBe(sha(2));
      expect((await store.findPrevious(latest))!.commit).toBe(sha(1));
    });

    it('lists the newest reports oldest first, per branch and limited', async () => {
      for (let n = 1; n <= 6; n++) {
        await store.saveReport(
          report({
            commit: sha(n),
            uploadedAt: at(n),
            branch: n % 2 ? 'main' : 'dev',
          }),
        );
      }
      const all = await store.listHistory({ entityRef: ENTITY, limit: 4 });
      expect(all.map(r => r.commit)).toEqual([sha(3), sha(4), sha(5), sha(6)]);
      const main = await store.listHistory({
        entityRef: ENTITY,
        branch: 'main',
        limit: 10,
      });
      expect(main.map(r => r.commit)).toEqual([sha(1), sha(3), sha(5)]);
    });

    it('prunes all but the newest reports of every entity, with their packages and files', async () => {
      for (let n = 1; n <= 5; n++) {
        await store.saveReport(report({ commit: sha(n), uploadedAt: at(n) }));
      }
      for (let n = 1; n <= 2; n++) {
        await store.saveReport(
          report({
            commit: sha(n),
            uploadedAt: at(n),
            entityRef: 'component:default/other',
          }),
        );
      }
      expect(await store.prune({ keepPerEntity: 2 })).toBe(3);
      const kept = await store.listHistory({ entityRef: ENTITY, limit: 10 });
      expect(kept.map(r => r.commit)).toEqual([sha(4), sha(5)]);
      expect(
        await store.listHistory({
          entityRef: 'component:default/other',
          limit: 10,
        }),
      ).toHaveLength(2);
      expect(await count(knex, 'coverage_reports')).toBe(4);
      expect(await count(knex, 'coverage_packages')).toBe(8);
      expect(await count(knex, 'coverage_files')).toBe(12);
      expect(await store.prune({ keepPerEntity: 2 })).toBe(0);
    });

    it('stores a 10 MB Go coverprofile (parse and store measured)', async () => {
      const profile = syntheticGoProfile(10 * 1024 * 1024 - 512);
      const started = performance.now();
      const data = await parseCoverageReport(
        'go',
        (async function* chunks() {
          const buffer = Buffer.from(profile.text);
          for (let i = 0; i < buffer.length; i += 64 * 1024) {
            yield buffer.subarray(i, i + 64 * 1024);
          }
        })(),
      );
      const parsed = performance.now();
      const saved = await store.saveReport({
        entityRef: ENTITY,
        commit: sha(42),
        branch: 'main',
        format: 'go',
        unit: data.unit,
        uploadedAt: at(1),
        covered: data.covered,
        total: data.total,
        packages: data.packages,
        files: data.files,
      });
      const stored = performance.now();
      expect({ covered: saved.covered, total: saved.total }).toEqual({
        covered: profile.covered,
        total: profile.total,
      });
      expect(saved.packageCount).toBe(profile.packages);
      expect(saved.fileCount).toBe(profile.files);
      expect((await readDetails(saved.id)).files).toHaveLength(profile.files);
      // eslint-disable-next-line no-console
      console.info(
        `${databaseId}: ${(profile.text.length / 1024 / 1024).toFixed(
          2,
        )} MiB Go coverprofile, ` +
          `${profile.files} files, ${profile.packages} packages: parsed in ${(
            parsed - started
          ).toFixed(0)} ms, ` +
          `stored in ${(stored - parsed).toFixed(0)} ms`,
      );
    });
  },
);

describe('applyDatabaseMigrations', () => {
  it('leaves the schema alone when the deployment skips migrations', async () => {
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(
      mockServices.database({ knex, migrations: { skip: true } }),
    );
    expect(await knex.schema.hasTable('coverage_reports')).toBe(false);
    await applyDatabaseMigrations(mockServices.database({ knex }));
    expect(await knex.schema.hasTable('coverage_reports')).toBe(true);
  });
});
