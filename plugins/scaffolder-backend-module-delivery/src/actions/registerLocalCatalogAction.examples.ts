import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Registers the local service repository's catalog-info.yaml as a file location of the catalog and waits until the entity is there.",
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'go-delivery:catalog:register-local',
          name: 'Register in the catalog',
          input: {
            repoUrl: "${{ steps['publish-service'].output.remoteUrl }}",
          },
        },
      ],
    }),
  },
  {
    description:
      'Registers a catalog file at another path of the repository, without waiting for the catalog to process it.',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'go-delivery:catalog:register-local',
          name: 'Register in the catalog',
          input: {
            repoUrl: "${{ steps['publish-service'].output.remoteUrl }}",
            catalogInfoPath: 'catalog/service.yaml',
            waitSeconds: 0,
          },
        },
      ],
    }),
  },
];
