export const APP_NAME = 'Bansō';
export const APP_VERSION = '0.1.0';
/** Transport names shared by the shell's preload and the web host. */
export const IPC_INVOKE_CHANNEL = 'banso:invoke';
/** Desktop only: the renderer asks the main process to save a file through its save dialog. */
export const IPC_SAVE_FILE_CHANNEL = 'banso:save-file';
export const HTTP_INVOKE_PATH = '/api/invoke';
export const HTTP_SECRET_HEADER = 'x-banso-secret';
