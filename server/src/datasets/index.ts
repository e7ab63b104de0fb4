// Dataset files (JSONL or JSON arrays): rows with their line and offset, read whole, streamed, or peeked.
export { getField, type DatasetRow, type DatasetSpec } from './dataset-row';
export { parseDatasetText, type ParseDatasetOptions } from './parse-dataset-text';
export { readDataset, type ReadDatasetOptions } from './read-dataset';
export { nodeDatasetFs, peekDataset, type DatasetFs, type DatasetPeek } from './peek-dataset';
