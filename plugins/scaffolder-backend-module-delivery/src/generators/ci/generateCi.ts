import { checkDeliverySpec } from '../gitops/deliverySpec';
import type { GeneratedFile, GoServiceSpec } from '../types';
import { githubActionsFiles } from './githubActions/workflow';
import { gitlabCiFiles } from './gitlabCi/pipeline';
import { ciDnsLabels } from './names';
import { tektonFiles } from './tekton/tektonFiles';

/**
 * The CI files of the service repository for the provider the spec chose: a Tekton pipeline
 * with its triggers, or a GitHub Actions workflow or a GitLab CI pipeline with the same stages.
 */
export function generateCi(spec: GoServiceSpec): GeneratedFile[] {
  checkDeliverySpec(spec, spec.ci === 'tekton' ? ciDnsLabels(spec) : []);
  switch (spec.ci) {
    case 'tekton':
      return tektonFiles(spec);
    case 'github-actions':
      return githubActionsFiles(spec);
    case 'gitlab-ci':
      return gitlabCiFiles(spec);
    default:
      throw new Error(`Unknown CI provider ${spec.ci satisfies never}`);
  }
}
