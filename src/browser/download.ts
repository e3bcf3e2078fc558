/** Hands bytes or text to the browser as a file download. */
export function downloadFile(fileName: string, data: Uint8Array | string, type: string): void {
  const blob = new Blob([typeof data === 'string' ? data : data.slice().buffer], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
