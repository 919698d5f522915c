export { createApiServer, type ApiConfig } from './app';
