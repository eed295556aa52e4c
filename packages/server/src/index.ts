export { startServer, type RunningServer } from './main';
export { SERVER_OPTIONS, resolveServerConfig, type ServerConfig } from './config/options';
