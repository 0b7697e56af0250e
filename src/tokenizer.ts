// Loads kuromoji's IPADIC dictionary (the slowest part of start-up): once per process.

import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji from 'kuromoji';
import type { Tokenizer } from './qa/analyzer.ts';

let tokenizerPromise: Promise<Tokenizer> | undefined;

export function loadTokenizer(): Promise<Tokenizer> {
  tokenizerPromise ??= new Promise((resolve, reject) => {
    const dicPath = path.join(path.dirname(createRequire(import.meta.url).resolve('kuromoji')), '..', 'dict');
    kuromoji.builder({ dicPath }).build((error, tokenizer) => (error ? reject(error) : resolve(tokenizer)));
  });
  return tokenizerPromise;
}
