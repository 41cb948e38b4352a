import { execFile, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** gocover-cobertura, fetched through the Go module proxy at a pinned version. */
export const GOCOVER_COBERTURA = 'github.com/boumenot/gocover-cobertura@v1.5.0';

/** A small Go module: one package partly tested, one tested, one without tests. */
const GO_MODULE: Record<string, string> = {
  'go.mod': 'module example.com/covdemo\n\ngo 1.22\n',
  'calc/calc.go': `package calc

import "errors"

type Calculator struct{ memory int }

func Add(a, b int) int { return a + b }

func Div(a, b int) (int, error) {
	if b == 0 {
		return 0, errors.New("division by zero")
	}
	return a / b, nil
}

func (c *Calculator) Store(v int) {
	if v < 0 {
		v = -v
	}
	c.memory = v
}

func (c *Calculator) Recall() int { return c.memory }
`,
  'calc/calc_test.go': `package calc

import "testing"

func TestAdd(t *testing.T) {
	for i := 0; i < 3; i++ {
		if Add(i, 1) != i+1 {
			t.Fatal("Add")
		}
	}
}

func TestDiv(t *testing.T) {
	if q, err := Div(6, 3); err != nil || q != 2 {
		t.Fatal("Div")
	}
}
`,
  'strutil/strutil.go': `package strutil

import "strings"

func Reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func Shout(s string) string {
	if s == "" {
		return "!"
	}
	return strings.ToUpper(s) + "!"
}
`,
  'strutil/strutil_test.go': `package strutil

import "testing"

func TestReverse(t *testing.T) {
	if Reverse("abc") != "cba" {
		t.Fatal("Reverse")
	}
}
`,
  'internal/untested/untested.go': `package untested

func Answer() int {
	x := 40
	x += 2
	return x
}
`,
};

/** A small CommonJS library and a node:test suite that covers part of it. */
const JS_PROJECT: Record<string, string> = {
  'lib/math.js': `function add(a, b) {
  return a + b;
}

function sign(x) {
  if (x > 0) {
    return 1;
  }
  if (x < 0) {
    return -1;
  }
  return 0;
}

function unused() {
  const y = 1;
  return y * 2;
}

module.exports = { add, sign, unused };
`,
  'lib/text/shout.js': `exports.shout = s => (s ? s.toUpperCase() + '!' : '!');
`,
  'math.test.js': `const test = require('node:test');
const assert = require('node:assert');
const { add, sign } = require('./lib/math.js');
const { shout } = require('./lib/text/shout.js');

test('math', () => {
  assert.strictEqual(add(1, 2), 3);
  assert.strictEqual(sign(5), 1);
  assert.strictEqual(shout('a'), 'A!');
});
`,
};

async function writeTree(root: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** A scratch directory removed by `cleanup`. */
export async function scratchDirectory(prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface GoRunResult {
  stdout: string;
  stderr: string;
}

/** Runs the Go toolchain in `cwd`; `go run pkg@version` needs the module proxy. */
export async function go(cwd: string, args: string[]): Promise<GoRunResult> {
  return run('go', args, {
    cwd,
    env: { ...process.env, GOWORK: 'off' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Converts a Go coverprofile to Cobertura XML with gocover-cobertura (reads the sources in `cwd`). */
export async function gocoverCobertura(
  cwd: string,
  profilePath: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', ['run', GOCOVER_COBERTURA], {
      cwd,
      env: { ...process.env, GOWORK: 'off' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`gocover-cobertura: ${stderr}`)),
    );
    createReadStream(profilePath).pipe(child.stdin);
  });
}

/** Writes the Go module into `dir`. */
export async function writeGoModule(dir: string): Promise<void> {
  await writeTree(dir, GO_MODULE);
}

/** Writes the JS project into `dir` and runs Node's test runner with coverage: LCOV and its table. */
export async function produceNodeLcov(
  dir: string,
): Promise<{ lcovPath: string; table: string }> {
  await writeTree(dir, JS_PROJECT);
  const lcovPath = join(dir, 'lcov.info');
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const { stdout } = await run(
    process.execPath,
    [
      '--test',
      '--experimental-test-coverage',
      '--test-reporter=lcov',
      `--test-reporter-destination=${lcovPath}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      'math.test.js',
    ],
    { cwd: dir, env },
  );
  return { lcovPath, table: stdout };
}
