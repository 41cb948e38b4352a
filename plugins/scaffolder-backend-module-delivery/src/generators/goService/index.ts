export { generateGoService } from './generateGoService';
export { SERVICE_ENV } from './serviceEnv';
export { isGoModulePath, isSupportedGoVersion } from './serviceValues';
