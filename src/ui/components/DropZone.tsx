import type { ReactNode } from 'react';
import { useState } from 'react';

import type { PathedFile } from '../../browser/walkDroppedFiles';
import { walkDataTransfer } from '../../browser/walkDroppedFiles';

/** A dashed area that takes dropped files and folders (walked recursively); its children hold the pickers. */
export function DropZone({ onFiles, testId, children }: { onFiles: (files: PathedFile[]) => void; testId: string; children: ReactNode }) {
  const [isDragging, setDragging] = useState(false);
  return (
    <div
      className={`drop-zone${isDragging ? ' active' : ''}`}
      data-testid={testId}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void walkDataTransfer(e.dataTransfer.items).then(onFiles);
      }}
    >
      {children}
    </div>
  );
}
