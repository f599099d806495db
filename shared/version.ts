export const APP_NAME = 'Bansō';
export const APP_VERSION = '0.1.0';
/** Transport names shared by the shell's preload and the web host. */
export const IPC_INVOKE_CHANNEL = 'banso:invoke';
/** Desktop only: the renderer asks the main process to save a file through its save dialog. */
export const IPC_SAVE_FILE_CHANNEL = 'banso:save-file';
export const HTTP_INVOKE_PATH = '/api/invoke';
export const HTTP_SECRET_HEADER = 'x-banso-secret';

/** Browser mode: a cheap GET that says the host is there (204) and which launch it is. */
export const HTTP_ALIVE_PATH = '/api/alive';
/** Response header naming the host's launch (random per start): a tab sees when the host was restarted. */
export const HTTP_LAUNCH_HEADER = 'x-banso-launch';
