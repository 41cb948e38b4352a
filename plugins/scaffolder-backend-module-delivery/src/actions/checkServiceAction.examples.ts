import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { EXAMPLE_SERVICE } from './exampleService';

export const examples: TemplateExample[] = [
  {
    description:
      "The template's first step: stops the run, naming each, when the service's catalog entity, Argo CD Applications or repositories exist already (and were not created by this task).",
    example: yaml.stringify({
      steps: [
        {
          id: 'check',
          action: 'go-delivery:service:check',
          name: 'Check that nothing of the service exists yet',
          input: { service: EXAMPLE_SERVICE },
        },
      ],
    }),
  },
  {
    description:
      'Checks a service published to GitHub: whether its repository exists is asked with the credentials of integrations.github.',
    example: yaml.stringify({
      steps: [
        {
          id: 'check',
          action: 'go-delivery:service:check',
          name: 'Check that nothing of the service exists yet',
          input: {
            service: {
              ...EXAMPLE_SERVICE,
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
