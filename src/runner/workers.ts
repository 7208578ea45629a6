export { conformanceWorkers, DEFAULT_WORKERS } from '../settings/suite';
