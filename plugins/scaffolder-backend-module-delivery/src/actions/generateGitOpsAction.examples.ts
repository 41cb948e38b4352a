import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { EXAMPLE_SERVICE } from './exampleService';

export const examples: TemplateExample[] = [
  {
    description:
      'Generates the GitOps files of the service (Kustomize base and overlays, Rollout and AnalysisTemplate, Argo CD Applications) into the folder "gitops"; the output "path" is the folder to publish to "gitopsPath" of the GitOps repository.',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate-gitops',
          action: 'go-delivery:gitops:generate',
          name: 'Generate the GitOps files',
          input: { service: EXAMPLE_SERVICE },
        },
      ],
    }),
  },
  {
    description:
      'Generates a plain Deployment (no canary) for dev and prod only, into the folder "deploy".',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate-gitops',
          action: 'go-delivery:gitops:generate',
          name: 'Generate the GitOps files',
          input: {
            targetPath: 'deploy',
            service: {
              ...EXAMPLE_SERVICE,
              canary: false,
              environments: ['dev', 'prod'],
            },
          },
        },
      ],
    }),
  },
];
