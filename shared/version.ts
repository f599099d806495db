export const APP_NAME = 'Bansō';
export const APP_VERSION = '0.1.0';
/** Transport names shared by the shell's preload and the web host. */
export const IPC_INVOKE_CHANNEL = 'banso:invoke';
export const HTTP_INVOKE_PATH = '/api/invoke';
export const HTTP_SECRET_HEADER = 'x-banso-secret';
