import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publishes the workspace folder "service" as the whole local repository that go-delivery:service:generate named.',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish-service',
          action: 'go-delivery:publish:local',
          name: 'Publish the service repository',
          input: {
            repoUrl: "${{ steps['generate-service'].output.repoUrl }}",
            sourcePath: 'service',
          },
        },
      ],
    }),
  },
  {
    description:
      "Publishes the service's GitOps files into its own folder of the shared local GitOps repository, leaving the other services' folders alone.",
    example: yaml.stringify({
      steps: [
        {
          id: 'publish-gitops',
          action: 'go-delivery:publish:local',
          name: 'Publish the GitOps files',
          input: {
            repoUrl: "${{ steps['generate-gitops'].output.repoUrl }}",
            sourcePath: "${{ steps['generate-gitops'].output.path }}",
            targetPath: "${{ steps['generate-gitops'].output.gitopsPath }}",
            commitMessage: 'Add payments-api',
          },
        },
      ],
    }),
  },
];
