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
