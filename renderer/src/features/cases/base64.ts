import { base64ToBytes, downloadFile } from '../../lib/save.ts';

export { base64ToBytes };

/**
 * Base64 for files of any size, in chunks, yielding to the event loop so a
 * progress bar can move and the window stays responsive.
 */

/** Bytes per chunk: a multiple of 3, so the chunks' base64 can be concatenated. */
const CHUNK = 3 * 64 * 1024;

function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Encode bytes as base64; `onProgress` gets 0..1. */
export async function bytesToBase64(bytes: Uint8Array, onProgress?: (ratio: number) => void): Promise<string> {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const chunk = bytes.subarray(start, Math.min(start + CHUNK, bytes.length));
    let binary = '';
    // fromCharCode with a spread of 192k arguments would overflow the stack: 8k at a time.
    for (let i = 0; i < chunk.length; i += 8192) {
      binary += String.fromCharCode(...chunk.subarray(i, i + 8192));
    }
    parts.push(btoa(binary));
    onProgress?.(Math.min(1, (start + chunk.length) / bytes.length));
    if (parts.length % 8 === 0) await nextTick();
  }
  return parts.join('');
}

/** Read a file as bytes, reporting progress (0..1) while reading. */
export function readFileBytes(file: File, onProgress?: (ratio: number) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    reader.onerror = () => {
      reject(new Error('ファイルを読み込めませんでした。'));
    };
    reader.onload = () => {
      const result = reader.result;
      if (result instanceof ArrayBuffer) resolve(new Uint8Array(result));
      else reject(new Error('ファイルを読み込めませんでした。'));
    };
    reader.readAsArrayBuffer(file);
  });
}

/**
 * Browser download of base64 bytes. Kept for older callers; new code calls saveFile
 * (renderer/src/lib/save.ts), which also shows the desktop app's save dialog.
 */
export function downloadBase64(fileName: string, mimeType: string, base64: string): void {
  downloadFile({ fileName, mimeType, contentBase64: base64 });
}
