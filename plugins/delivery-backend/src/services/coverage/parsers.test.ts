import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MalformedReportError } from './MalformedReportError';
import { CoverageReportData, parseCoverageReport } from './parseCoverageReport';
import {
  go,
  gocoverCobertura,
  produceNodeLcov,
  scratchDirectory,
  writeGoModule,
} from './testing/realReports';

jest.setTimeout(180_000);

/** Streams a file in small chunks, so lines and UTF-8 sequences straddle chunk boundaries. */
function streamFile(path: string) {
  return createReadStream(path, { highWaterMark: 37 });
}

async function* bytes(text: string, chunkSize = 1) {
  const buffer = Buffer.from(text, 'utf8');
  for (let i = 0; i < buffer.length; i += chunkSize) {
    yield buffer.subarray(i, i + chunkSize);
  }
}

const percentOf = (c: { covered: number; total: number }) =>
  (c.covered / c.total) * 100;

async function parseError(
  format: 'go' | 'cobertura' | 'lcov',
  text: string,
): Promise<MalformedReportError> {
  const error = await parseCoverageReport(format, bytes(text, 7)).then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(MalformedReportError);
  expect(error.name).toBe('InputError');
  return error;
}

describe('coverage parsers on reports produced for real', () => {
  let workdir: { dir: string; cleanup: () => Promise<void> };
  const profiles: Record<string, string> = {};
  const goTotals: Record<string, string> = {};
  let perPackageOutput = '';

  beforeAll(async () => {
    workdir = await scratchDirectory('coverage-go-');
    await writeGoModule(workdir.dir);
    for (const mode of ['set', 'count', 'atomic']) {
      const profile = join(workdir.dir, `${mode}.out`);
      // -coverpkg makes every test binary report every package: the profile repeats blocks.
      await go(workdir.dir, [
        'test',
        `-covermode=${mode}`,
        '-coverpkg=./...',
        `-coverprofile=${profile}`,
        './...',
      ]);
      profiles[mode] = profile;
      const { stdout } = await go(workdir.dir, [
        'tool',
        'cover',
        `-func=${profile}`,
      ]);
      goTotals[mode] = /^total:\s+\(statements\)\s+([\d.]+)%$/m.exec(
        stdout,
      )![1];
    }
    // Without -coverpkg `go test` prints each package's own coverage.
    profiles.perPackage = join(workdir.dir, 'per-package.out');
    perPackageOutput = (
      await go(workdir.dir, [
        'test',
        '-covermode=count',
        `-coverprofile=${profiles.perPackage}`,
        './...',
      ])
    ).stdout;
  });

  afterAll(async () => {
    await workdir?.cleanup();
  });

  describe('Go coverprofile', () => {
    it.each(['set', 'count', 'atomic'])(
      'matches `go tool cover -func` in %s mode, merging repeated blocks',
      async mode => {
        const text = await readFile(profiles[mode], 'utf8');
        expect(text.startsWith(`mode: ${mode}\n`)).toBe(true);
        const blockLines = text.trim().split('\n').slice(1);
        expect(new Set(blockLines.map(l => l.split(' ')[0])).size).toBeLessThan(
          blockLines.length,
        );

        const report = await parseCoverageReport(
          'go',
          streamFile(profiles[mode]),
        );
        expect(report.unit).toBe('statements');
        expect(percentOf(report).toFixed(1)).toBe(goTotals[mode]);
        expect(report.total).toBe(18);
        expect(report.packages.map(p => p.name)).toEqual([
          'example.com/covdemo/calc',
          'example.com/covdemo/internal/untested',
          'example.com/covdemo/strutil',
        ]);
        expect(report.files.map(f => f.path)).toEqual([
          'example.com/covdemo/calc/calc.go',
          'example.com/covdemo/internal/untested/untested.go',
          'example.com/covdemo/strutil/strutil.go',
        ]);
      },
    );

    it('gives each package the coverage `go test` prints for it', async () => {
      const printed = new Map<string, string>();
      for (const match of perPackageOutput.matchAll(
        /^\s*(?:ok\s+)?(\S+)\s+(?:\S+\s+)?coverage: ([\d.]+)% of statements$/gm,
      )) {
        printed.set(match[1], match[2]);
      }
      expect(printed.size).toBe(3);
      const report = await parseCoverageReport(
        'go',
        streamFile(profiles.perPackage),
      );
      expect(
        new Map(report.packages.map(p => [p.name, percentOf(p).toFixed(1)])),
      ).toEqual(printed);
    });
  });

  describe('Cobertura XML (gocover-cobertura)', () => {
    let xmlPath: string;
    let xml: string;

    beforeAll(async () => {
      xmlPath = join(workdir.dir, 'coverage.xml');
      xml = await gocoverCobertura(workdir.dir, profiles.count);
      await writeFile(xmlPath, xml);
    });

    it('matches the totals and package line rates the tool wrote', async () => {
      const root =
        /<coverage [^>]*lines-covered="(\d+)" lines-valid="(\d+)"/.exec(xml)!;
      const report = await parseCoverageReport(
        'cobertura',
        streamFile(xmlPath),
      );
      expect(report.unit).toBe('lines');
      expect(report.covered).toBe(Number(root[1]));
      expect(report.total).toBe(Number(root[2]));
      const rates = new Map(
        [...xml.matchAll(/<package name="([^"]+)" line-rate="([\d.]+)"/g)].map(
          m => [m[1], Number(m[2])],
        ),
      );
      expect(report.packages.map(p => p.name)).toEqual(
        [...rates.keys()].sort(),
      );
      for (const pkg of report.packages) {
        expect(pkg.covered / pkg.total).toBeCloseTo(rates.get(pkg.name)!, 6);
      }
      // The Calculator methods are a second <class> of calc.go: one file, lines merged.
      expect(report.files.map(f => f.path)).toEqual([
        'calc/calc.go',
        'internal/untested/untested.go',
        'strutil/strutil.go',
      ]);
    });
  });

  describe('LCOV (node --test --experimental-test-coverage)', () => {
    let lcov: { lcovPath: string; table: string };
    let jsdir: { dir: string; cleanup: () => Promise<void> };

    beforeAll(async () => {
      jsdir = await scratchDirectory('coverage-lcov-');
      lcov = await produceNodeLcov(jsdir.dir);
    });

    afterAll(async () => {
      await jsdir?.cleanup();
    });

    it('matches the line coverage Node prints, and the LF/LH it wrote', async () => {
      const allFiles = /all files\s*\|\s*([\d.]+)\s*\|/.exec(lcov.table)!;
      const text = await readFile(lcov.lcovPath, 'utf8');
      const sum = (key: string) =>
        [...text.matchAll(new RegExp(`^${key}:(\\d+)$`, 'gm'))].reduce(
          (acc, m) => acc + Number(m[1]),
          0,
        );
      const report = await parseCoverageReport(
        'lcov',
        streamFile(lcov.lcovPath),
      );
      expect(report.unit).toBe('lines');
      expect(percentOf(report).toFixed(2)).toBe(allFiles[1]);
      expect(report.covered).toBe(sum('LH'));
      expect(report.total).toBe(sum('LF'));
      expect(report.packages.map(p => p.name)).toEqual([
        '.',
        'lib',
        'lib/text',
      ]);
    });
  });
});

describe('coverage parsers on malformed reports', () => {
  describe('Go coverprofile', () => {
    it('wants the mode line first', async () => {
      const error = await parseError('go', 'a.go:1.1,2.2 1 1\n');
      expect(error.line).toBe(1);
      expect(error.message).toBe(
        `Malformed Go coverprofile at line 1: expected 'mode: set', 'mode: count' or 'mode: atomic' first, got "a.go:1.1,2.2 1 1"`,
      );
    });

    it('names the line of a broken block', async () => {
      const error = await parseError(
        'go',
        'mode: set\nx/a.go:1.1,2.2 1 1\nx/a.go:3.1,4 1 0\n',
      );
      expect(error.line).toBe(3);
      expect(error.message).toContain('got "x/a.go:3.1,4 1 0"');
    });

    it('refuses a block whose statement count changes, like go tool cover', async () => {
      const error = await parseError(
        'go',
        'mode: count\nx/a.go:1.1,2.2 1 1\nx/b.go:1.1,2.2 3 0\nx/a.go:1.1,2.2 2 5\n',
      );
      expect(error.message).toBe(
        'Malformed Go coverprofile at line 4: block x/a.go:1.1,2.2 has 2 statements here but 1 at line 2',
      );
    });

    it('refuses mixed modes and empty reports', async () => {
      expect(
        (await parseError('go', 'mode: set\nx/a.go:1.1,2.2 1 1\nmode: count\n'))
          .line,
      ).toBe(3);
      expect((await parseError('go', '')).message).toBe(
        "Malformed Go coverprofile at line 1: empty report: expected a 'mode:' line",
      );
      expect((await parseError('go', 'mode: atomic\n')).message).toContain(
        'lists no coverage blocks',
      );
    });

    it('stops at a line too long to be a coverprofile line, however it is chunked', async () => {
      const long = `x/${'a'.repeat(70_000)}.go:1.1,2.2 1 1`;
      for (const chunkSize of [7, 100_000]) {
        const text = `mode: set\nx/a.go:1.1,2.2 1 1\n${long}\nx/b.go:1.1,2.2 1 1\n`;
        const error = await parseCoverageReport(
          'go',
          bytes(text, chunkSize),
        ).catch(e => e);
        expect(error.message).toBe(
          'Malformed Go coverprofile at line 3: line is longer than 65536 characters',
        );
      }
    });

    it('reads CRLF and bytes split anywhere, including inside UTF-8 characters', async () => {
      const text =
        'mode: set\r\nexample.com/ünï/a.go:1.1,2.2 2 1\r\nexample.com/ünï/a.go:3.1,4.2 1 0\r\n';
      const report: CoverageReportData = await parseCoverageReport(
        'go',
        bytes(text, 1),
      );
      expect(report.packages).toEqual([
        { name: 'example.com/ünï', covered: 2, total: 3 },
      ]);
    });
  });

  describe('Cobertura XML', () => {
    const doc = (lines: string) =>
      `<?xml version="1.0"?>\n<coverage>\n<packages>\n<package name="p">\n<classes>\n<class name="C" filename="p/c.go">\n<lines>\n${lines}\n</lines>\n</class>\n</classes>\n</package>\n</packages>\n</coverage>\n`;

    it('names line, column and element of a bad attribute', async () => {
      const error = await parseError(
        'cobertura',
        doc('<line number="1" hits="1"/>\n  <line number="2" hits="many"/>'),
      );
      expect(error.message).toBe(
        `Malformed Cobertura XML at line 9, column 32, <line>: attribute 'hits' must be a non-negative integer, got "many"`,
      );
      expect({
        line: error.line,
        column: error.column,
        element: error.element,
      }).toEqual({
        line: 9,
        column: 32,
        element: 'line',
      });
    });

    it('reports where the XML itself broke', async () => {
      const error = await parseError(
        'cobertura',
        '<coverage>\n<packages>\n<package name="p">\n</packages>\n</coverage>\n',
      );
      expect(error.message).toBe(
        'Malformed Cobertura XML at line 4, column 11: unexpected close tag.',
      );
      expect({ line: error.line, column: error.column }).toEqual({
        line: 4,
        column: 11,
      });
    });

    it('reports a truncated document and a foreign root element', async () => {
      const truncated = doc('<line number="1" hits="1"/>').slice(0, 120);
      expect((await parseError('cobertura', truncated)).message).toBe(
        'Malformed Cobertura XML at line 8, column 4: unclosed tag: lines',
      );
      expect((await parseError('cobertura', '<report/>')).message).toBe(
        'Malformed Cobertura XML at line 1, column 9, <report>: the root element must be <coverage>',
      );
    });

    it('counts class lines once and ignores the copies under <methods>', async () => {
      const report = await parseCoverageReport(
        'cobertura',
        bytes(
          doc('<line number="1" hits="0"/><line number="2" hits="3"/>').replace(
            '<lines>',
            '<methods><method name="m"><lines><line number="1" hits="0"/><line number="2" hits="3"/></lines></method></methods><lines>',
          ),
          5,
        ),
      );
      expect(report.packages).toEqual([{ name: 'p', covered: 1, total: 2 }]);
    });
  });

  describe('LCOV', () => {
    it('names the line of an entry outside a record', async () => {
      const error = await parseError('lcov', 'TN:\nDA:1,1\n');
      expect(error.message).toBe(
        "Malformed LCOV at line 2: 'DA:' outside a record (no 'SF:' before it)",
      );
    });

    it('names a broken DA line and a record without end_of_record', async () => {
      expect(
        (await parseError('lcov', 'SF:a.js\nDA:1,1\nDA:2\nend_of_record\n'))
          .message,
      ).toBe(`Malformed LCOV at line 3: expected 'DA:line,hits', got "DA:2"`);
      expect(
        (await parseError('lcov', 'SF:a.js\nDA:1,1\nSF:b.js\nend_of_record\n'))
          .line,
      ).toBe(3);
      expect((await parseError('lcov', 'SF:a.js\nDA:1,1\n')).message).toBe(
        `Malformed LCOV at line 2: the record of "a.js" (line 1) has no 'end_of_record'`,
      );
      expect(
        (await parseError('lcov', 'SF:a.js\nthis is not lcov\n')).line,
      ).toBe(2);
    });

    it('merges records of one file and makes absolute paths relative', async () => {
      const report = await parseCoverageReport(
        'lcov',
        bytes(
          [
            'SF:/runner/work/app/src/a.js',
            'DA:1,0',
            'DA:2,1',
            'end_of_record',
            'SF:/runner/work/app/src/a.js',
            'DA:1,4',
            'DA:3,0',
            'end_of_record',
            'SF:/runner/work/app/test/util.js',
            'LF:4',
            'LH:1',
            'end_of_record',
          ].join('\n'),
          3,
        ),
      );
      expect(report.files).toEqual([
        { path: 'src/a.js', package: 'src', covered: 2, total: 3 },
        { path: 'test/util.js', package: 'test', covered: 1, total: 4 },
      ]);
      expect({ covered: report.covered, total: report.total }).toEqual({
        covered: 3,
        total: 7,
      });
    });
  });
});
