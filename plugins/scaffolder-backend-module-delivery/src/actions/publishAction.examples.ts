import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const gitops = {
  localRepoUrl: "${{ steps['generate-gitops'].output.repoUrl }}",
  repoUrl: '${{ parameters.gitopsRepoUrl }}',
  sourcePath: "${{ steps['generate-gitops'].output.path }}",
  targetPath: "${{ steps['generate-gitops'].output.gitopsPath }}",
  branchName: 'deploy-${{ parameters.name }}',
  title: 'Deploy ${{ parameters.name }}',
};

export const examples: TemplateExample[] = [
  {
    description:
      'Publishes the service and its GitOps files to the host the form chose (local, github or gitlab): one step whatever the host.',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'go-delivery:service:publish',
          name: 'Publish the service and its GitOps change',
          input: {
            target: '${{ parameters.publishTo }}',
            repository: {
              localRepoUrl: "${{ steps['generate-service'].output.repoUrl }}",
              repoUrl: '${{ parameters.repoUrl }}',
              sourcePath: "${{ steps['generate-service'].output.targetPath }}",
              description: '${{ parameters.description }}',
            },
            gitops,
          },
        },
      ],
    }),
  },
  {
    description:
      'Creates the GitHub repository ledger and opens a pull request that adds apps/ledger to the acme/gitops repository.',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'go-delivery:service:publish',
          name: 'Publish to GitHub',
          input: {
            target: 'github',
            repository: {
              repoUrl: 'github.com?owner=acme&repo=ledger',
              sourcePath: 'service',
            },
            gitops: {
              repoUrl: 'github.com?owner=acme&repo=gitops',
              sourcePath: 'gitops',
              targetPath: 'apps/ledger',
              branchName: 'deploy-ledger',
              title: 'Deploy ledger',
            },
          },
        },
      ],
    }),
  },
];
