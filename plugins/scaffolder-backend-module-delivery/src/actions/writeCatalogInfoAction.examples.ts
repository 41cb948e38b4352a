import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { EXAMPLE_SERVICE } from './exampleService';

export const examples: TemplateExample[] = [
  {
    description:
      'Writes service/catalog-info.yaml: the Component with its owner, system and the annotations of the Delivery tab.',
    example: yaml.stringify({
      steps: [
        {
          id: 'catalog-info',
          action: 'go-delivery:catalog:write-info',
          name: 'Write catalog-info.yaml',
          input: { service: EXAMPLE_SERVICE },
        },
      ],
    }),
  },
];
