import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Registers the catalog file of the repository go-delivery:service:publish published, on whichever host the form chose.',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'go-delivery:catalog:register',
          name: 'Register in the catalog',
          input: {
            target: '${{ parameters.publishTo }}',
            repoUrl: "${{ steps['publish'].output.remoteUrl }}",
            repoContentsUrl: "${{ steps['publish'].output.repoContentsUrl }}",
            catalogInfoPath:
              "${{ steps['catalog-info'].output.catalogInfoPath }}",
          },
        },
      ],
    }),
  },
];
