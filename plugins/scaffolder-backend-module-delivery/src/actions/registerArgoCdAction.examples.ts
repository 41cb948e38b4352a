import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { EXAMPLE_SERVICE } from './exampleService';

export const examples: TemplateExample[] = [
  {
    description:
      "Creates or updates the service's Argo CD Applications in the instance configured under delivery.scaffolder.argocd.instance (else the first of delivery.argocd.instances).",
    example: yaml.stringify({
      steps: [
        {
          id: 'register-argocd',
          action: 'go-delivery:argocd:register',
          name: 'Register in Argo CD',
          input: { service: EXAMPLE_SERVICE },
        },
      ],
    }),
  },
  {
    description:
      'Registers the Applications while their GitOps change is still in review: Argo CD accepts them without checking that the repository path exists yet.',
    example: yaml.stringify({
      steps: [
        {
          id: 'register-argocd',
          action: 'go-delivery:argocd:register',
          name: 'Register in Argo CD',
          input: { service: EXAMPLE_SERVICE, validate: false },
        },
      ],
    }),
  },
];
