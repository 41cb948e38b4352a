import { syntheticCoverProfile } from './syntheticCoverProfile';

describe('syntheticCoverProfile', () => {
  it('writes a well-formed profile whose statement coverage is the asked share', () => {
    const profile = syntheticCoverProfile({
      module: 'github.com/example-org/svc',
      packages: [
        {
          path: 'internal/a',
          files: ['a.go', 'b.go'],
          statementsPerFile: 40,
          covered: 0.75,
        },
        {
          path: 'internal/b',
          files: ['c.go'],
          statementsPerFile: 50,
          covered: 0.5,
        },
      ],
    });
    const lines = profile.trimEnd().split('\n');
    expect(lines[0]).toBe('mode: atomic');
    let total = 0;
    let covered = 0;
    for (const line of lines.slice(1)) {
      const match = line.match(
        /^(\S+\.go):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/,
      );
      expect(match).not.toBeNull();
      const statements = Number(match![6]);
      total += statements;
      if (Number(match![7]) > 0) covered += statements;
    }
    expect(total).toBe(130);
    expect(covered).toBe(30 + 30 + 25);
  });
});
