export { createApiServer, type ApiConfig, type ApiOptions } from './app';
export { DASHBOARD_PATH } from './queue-dashboard';
