import type { SaveFileResult } from '../../../shared/save-file.ts';
import { ApiError, CONNECT_FAILED_MESSAGE } from '../api/client.ts';

/**
 * Save a file the core produced (DOCX, CSV, JSON), the same call on both faces:
 * - desktop: `window.banso.saveFile` — the main process shows its save dialog (in Documents, with
 *   the suggested name) and writes the file atomically; `saved: false` when the user cancelled;
 * - browser mode: a download through a temporary <a download>.
 * Throws an ApiError with a Japanese message when the file could not be saved.
 */
export interface FileToSave {
  fileName: string;
  mimeType: string;
  contentBase64: string;
}

export async function saveFile(file: FileToSave): Promise<SaveFileResult> {
  const bridge = window.banso;
  if (!bridge) {
    downloadFile(file);
    return { saved: true };
  }
  let answer: Awaited<ReturnType<typeof bridge.saveFile>>;
  try {
    answer = await bridge.saveFile({ fileName: file.fileName, mimeType: file.mimeType, contentBase64: file.contentBase64 });
  } catch {
    throw new ApiError({ code: 'internal', message: CONNECT_FAILED_MESSAGE });
  }
  if (answer.ok) return answer.value;
  throw new ApiError(answer.error);
}

/** Decode base64 into bytes. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Browser mode: hand the bytes to the browser's downloads through a temporary <a download>. */
export function downloadFile(file: FileToSave): void {
  const blob = new Blob([base64ToBytes(file.contentBase64)], { type: file.mimeType || 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

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
