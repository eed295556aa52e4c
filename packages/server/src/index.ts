export { startServer, type RunningServer } from './main';
export { SERVER_OPTIONS, resolveServerConfig, type ServerConfig } from './config/options';
export { openAdminDatabase, type AdminDatabase } from './admin/database';
export { checkNewPassword, checkNewUser, createAdminUser, resetUserPassword } from './admin/users';
