/** The `service` input the examples of every action use (YAML anchors keep templates short). */
export const EXAMPLE_SERVICE = {
  name: 'payments-api',
  owner: 'group:default/team-payments',
  system: 'system:default/shop',
  description: 'Takes payments',
  modulePath: 'github.com/example-org/payments-api',
  port: 8080,
  ci: 'tekton',
  environments: ['dev', 'staging', 'prod'],
  canary: true,
  coverageThreshold: 80,
};
