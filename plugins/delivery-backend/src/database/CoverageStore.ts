import {
  CoverageFormat,
  CoverageUnit,
} from '@go-delivery/plugin-delivery-common';
import { Knex } from 'knex';

/** Covered and total statements (or lines) of one package or file. */
export interface CoverageCounts {
  covered: number;
  total: number;
}

/** A parsed report ready to be stored. */
export interface NewCoverageReport extends CoverageCounts {
  entityRef: string;
  commit: string;
  branch: string;
  format: CoverageFormat;
  unit: CoverageUnit;
  uploadedAt: Date;
  packages: Array<CoverageCounts & { name: string }>;
  files: Array<CoverageCounts & { package: string; path: string }>;
}

/** A stored report without its packages and files. */
export interface StoredCoverageReport extends CoverageCounts {
  id: number;
  entityRef: string;
  commit: string;
  branch: string;
  format: CoverageFormat;
  unit: CoverageUnit;
  uploadedAt: Date;
  packageCount: number;
  fileCount: number;
}

/** One page of one package's files, and how many files the package has. */
export interface StoredCoverageFiles {
  total: number;
  files: Array<CoverageCounts & { path: string }>;
}

interface ReportRow {
  id: number;
  entity_ref: string;
  commit_sha: string;
  branch: string;
  format: string;
  unit: string;
  covered: number;
  total: number;
  package_count: number;
  file_count: number;
  uploaded_at: Date | string | number;
}

const REPORTS = 'coverage_reports';
const PACKAGES = 'coverage_packages';
const FILES = 'coverage_files';

/** Rows per INSERT / ids per DELETE: well below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK_SIZE = 500;

/** SQLite hands timestamps back as epoch milliseconds, PostgreSQL as Date. */
function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

function toReport(row: ReportRow): StoredCoverageReport {
  return {
    id: Number(row.id),
    entityRef: row.entity_ref,
    commit: row.commit_sha,
    branch: row.branch,
    format: row.format as CoverageFormat,
    unit: row.unit as CoverageUnit,
    covered: Number(row.covered),
    total: Number(row.total),
    packageCount: Number(row.package_count),
    fileCount: Number(row.file_count),
    uploadedAt: toDate(row.uploaded_at),
  };
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_SIZE) {
    result.push(items.slice(i, i + CHUNK_SIZE));
  }
  return result;
}

/**
 * Coverage reports in the plugin's database (SQLite or PostgreSQL): one report per entity and
 * commit, newest first by upload time. Every write is one transaction, so a reader never sees a
 * report without its packages and files.
 */
export class CoverageStore {
  constructor(private readonly db: Knex) {}

  /** Stores a report, replacing the one of the same entity and commit (a re-run of CI). */
  async saveReport(report: NewCoverageReport): Promise<StoredCoverageReport> {
    return this.db.transaction(async tx => {
      const row = {
        entity_ref: report.entityRef,
        commit_sha: report.commit,
        branch: report.branch,
        format: report.format,
        unit: report.unit,
        covered: report.covered,
        total: report.total,
        package_count: report.packages.length,
        file_count: report.files.length,
        uploaded_at: report.uploadedAt,
      };
      // The upsert takes the row lock, so concurrent uploads of one commit apply one after the other.
      const [inserted] = await tx(REPORTS)
        .insert(row)
        .onConflict(['entity_ref', 'commit_sha'])
        .merge()
        .returning('id');
      const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
      await tx(PACKAGES).where({ report_id: id }).delete();
      await tx(FILES).where({ report_id: id }).delete();
      for (const batch of chunks(report.packages)) {
        await tx(PACKAGES).insert(
          batch.map(p => ({
            report_id: id,
            name: p.name,
            covered: p.covered,
            total: p.total,
          })),
        );
      }
      for (const batch of chunks(report.files)) {
        await tx(FILES).insert(
          batch.map(f => ({
            report_id: id,
            package: f.package,
            path: f.path,
            covered: f.covered,
            total: f.total,
          })),
        );
      }
      const saved = await tx<ReportRow>(REPORTS).where({ id }).first();
      return toReport(saved!);
    });
  }

  /** The newest report of the entity, on one branch when given. */
  async findLatest(query: {
    entityRef: string;
    branch?: string;
  }): Promise<StoredCoverageReport | undefined> {
    const row = await this.db<ReportRow>(REPORTS)
      .where({ entity_ref: query.entityRef })
      .modify(builder => {
        if (query.branch !== undefined) builder.where({ branch: query.branch });
      })
      .orderBy([
        { column: 'uploaded_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? toReport(row) : undefined;
  }

  /** The report uploaded just before `report` on the same entity and branch. */
  async findPrevious(
    report: StoredCoverageReport,
  ): Promise<StoredCoverageReport | undefined> {
    const row = await this.db<ReportRow>(REPORTS)
      .where({ entity_ref: report.entityRef, branch: report.branch })
      .andWhere(older =>
        older
          .where('uploaded_at', '<', report.uploadedAt)
          .orWhere(tie =>
            tie
              .where('uploaded_at', '=', report.uploadedAt)
              .andWhere('id', '<', report.id),
          ),
      )
      .orderBy([
        { column: 'uploaded_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? toReport(row) : undefined;
  }

  /** The report of one commit of the entity. */
  async findByCommit(query: {
    entityRef: string;
    commit: string;
  }): Promise<StoredCoverageReport | undefined> {
    const row = await this.db<ReportRow>(REPORTS)
      .where({ entity_ref: query.entityRef, commit_sha: query.commit })
      .first();
    return row ? toReport(row) : undefined;
  }

  /** The packages of a report, sorted by name (in code: database collations differ). */
  async readPackages(
    reportId: number,
  ): Promise<Array<CoverageCounts & { name: string }>> {
    const packages = await this.db(PACKAGES)
      .select('name', 'covered', 'total')
      .where({ report_id: reportId });
    return packages
      .map(p => ({
        name: String(p.name),
        covered: Number(p.covered),
        total: Number(p.total),
      }))
      .sort((a, b) => compareStrings(a.name, b.name));
  }

  /**
   * One page of the files of one package of a report, sorted by path in code-point order on every
   * database, so that a report of any size is read a page at a time.
   */
  async readFiles(query: {
    reportId: number;
    package: string;
    offset: number;
    limit: number;
  }): Promise<StoredCoverageFiles> {
    const ofPackage = () =>
      this.db(FILES).where({
        report_id: query.reportId,
        package: query.package,
      });
    const [[counted], files] = await Promise.all([
      ofPackage().count({ n: '*' }),
      ofPackage()
        .select('path', 'covered', 'total')
        .orderByRaw(this.codePointOrder('path'))
        .offset(query.offset)
        .limit(query.limit),
    ]);
    return {
      total: Number(counted.n),
      files: files.map(
        (f: { path: unknown; covered: unknown; total: unknown }) => ({
          path: String(f.path),
          covered: Number(f.covered),
          total: Number(f.total),
        }),
      ),
    };
  }

  /** The newest `limit` reports of the entity (on one branch when given), oldest first. */
  async listHistory(query: {
    entityRef: string;
    branch?: string;
    limit: number;
  }): Promise<StoredCoverageReport[]> {
    const rows = await this.db<ReportRow>(REPORTS)
      .where({ entity_ref: query.entityRef })
      .modify(builder => {
        if (query.branch !== undefined) builder.where({ branch: query.branch });
      })
      .orderBy([
        { column: 'uploaded_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit);
    return rows.map(toReport).reverse();
  }

  /** ORDER BY in code-point order: SQLite compares bytes; PostgreSQL does with the C collation. */
  private codePointOrder(column: string): Knex.Raw {
    return this.db.client.config.client === 'pg'
      ? this.db.raw('?? collate "C"', [column])
      : this.db.raw('??', [column]);
  }

  /** Deletes all but the newest `keepPerEntity` reports of every entity; returns how many went. */
  async prune(options: { keepPerEntity: number }): Promise<number> {
    return this.db.transaction(async tx => {
      const ranked = tx(REPORTS)
        .select(
          'id',
          tx.raw(
            'row_number() over (partition by entity_ref order by uploaded_at desc, id desc) as recency',
          ),
        )
        .as('ranked');
      const stale: Array<{ id: number }> = await tx
        .select('id')
        .from(ranked)
        .where('recency', '>', options.keepPerEntity);
      const ids = stale.map(r => Number(r.id));
      for (const batch of chunks(ids)) {
        await tx(FILES).whereIn('report_id', batch).delete();
        await tx(PACKAGES).whereIn('report_id', batch).delete();
        await tx(REPORTS).whereIn('id', batch).delete();
      }
      return ids.length;
    });
  }
}
