import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { EXAMPLE_SERVICE } from './exampleService';

export const examples: TemplateExample[] = [
  {
    description:
      'Generates the Go service and its Tekton pipeline into the folder "service" of the workspace, with the defaults for everything the form leaves out.',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate-service',
          action: 'go-delivery:service:generate',
          name: 'Generate the Go service',
          input: {
            service: {
              name: '${{ parameters.name }}',
              owner: '${{ parameters.owner }}',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Generates a service wired for GitHub Actions, to be published to GitHub, into the folder "repo".',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate-service',
          action: 'go-delivery:service:generate',
          name: 'Generate the Go service',
          input: {
            targetPath: 'repo',
            service: {
              ...EXAMPLE_SERVICE,
              ci: 'github-actions',
              publish: {
                target: 'github',
                repoUrl: 'github.com?owner=example-org&repo=payments-api',
                gitopsRepoUrl: 'github.com?owner=example-org&repo=gitops',
              },
            },
          },
        },
      ],
    }),
  },
];
