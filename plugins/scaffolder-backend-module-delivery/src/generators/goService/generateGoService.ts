import type { GeneratedFile, GoServiceSpec } from '../types';
import { apiPackageFiles } from './apiPackage';
import { configPackageFiles } from './configPackage';
import { dockerfileFiles } from './dockerfile';
import { golangciConfigFiles } from './golangciConfig';
import { goModuleFiles } from './goModule';
import { healthPackageFiles } from './healthPackage';
import { mainPackageFiles } from './mainPackage';
import { makefileFiles } from './makefile';
import { metricsPackageFiles } from './metricsPackage';
import { readmeFiles } from './readme';
import { repositoryFiles } from './repositoryFiles';
import { serverPackageFiles } from './serverPackage';
import { serviceValues } from './serviceValues';

/**
 * Generates the Go service's repository: code, tests and the files its CI builds with.
 * Pure: the same spec always yields the same files, in path order.
 *
 * @throws InputError when a spec value could not produce a valid repository.
 */
export function generateGoService(spec: GoServiceSpec): GeneratedFile[] {
  const values = serviceValues(spec);
  const files = [
    ...goModuleFiles(values),
    ...mainPackageFiles(values),
    ...configPackageFiles(values),
    ...healthPackageFiles(),
    ...metricsPackageFiles(),
    ...serverPackageFiles(values),
    ...apiPackageFiles(),
    ...makefileFiles(values),
    ...golangciConfigFiles(values),
    ...dockerfileFiles(values),
    ...repositoryFiles(),
    ...readmeFiles(values),
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
