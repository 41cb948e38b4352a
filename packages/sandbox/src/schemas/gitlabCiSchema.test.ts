import { GitLabCiSchemaValidator } from './gitlabCiSchema';

const validator = new GitLabCiSchemaValidator();

describe('GitLabCiSchemaValidator', () => {
  const job = { stage: 'test', script: ['go test ./...'] };

  it('accepts a pipeline written as GitLab documents it', () => {
    expect(
      validator.validate({
        stages: ['test'],
        workflow: {
          rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }],
        },
        test: {
          ...job,
          needs: [],
          rules: [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }],
          artifacts: { paths: ['coverage.out'], expire_in: '30 days' },
          coverage: '/^coverage (\\d+\\.\\d+)%/',
        },
      }),
    ).toEqual([]);
  });

  it.each([
    ['a job', { test: { ...job, scripts: ['go test ./...'] } }, 'scripts'],
    [
      'a rule',
      { test: { ...job, rules: [{ if: '$CI', whenn: 'never' }] } },
      'whenn',
    ],
    [
      'artifacts',
      { test: { ...job, artifacts: { pathz: ['coverage.out'] } } },
      'pathz',
    ],
  ])('rejects an unknown key in %s', (_where, config, key) => {
    expect(validator.validate(config).join('\n')).toContain(
      `must NOT have additional properties '${key}'`,
    );
  });

  it('rejects a value the key does not take', () => {
    expect(
      validator.validate({ test: { ...job, when: 'sometimes' } }).join('\n'),
    ).toContain('/test/when must be equal to one of the allowed values');
  });
});
