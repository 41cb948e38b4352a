import { Detail, Fact } from './Facts';

/** Where a GitOps change goes: a commit, or a pull request (merge request on GitLab) against a branch. */
export function GitopsDestinationFact(props: {
  gitops: {
    provider: string;
    mode: string;
    repository: string;
    branch: string;
    file: string;
  };
}) {
  const { gitops } = props;
  let label = 'Commit';
  if (gitops.mode === 'pull-request') {
    label = gitops.provider === 'gitlab' ? 'Merge request' : 'Pull request';
  }
  return (
    <Fact label={label}>
      {gitops.repository}, branch {gitops.branch}
      <Detail>{gitops.file}</Detail>
    </Fact>
  );
}
