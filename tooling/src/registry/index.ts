export { startRegistry, type RunningRegistry, type StartRegistryOptions } from './startRegistry.ts';
export { publishPackages } from './publishPackages.ts';
