/** bench:images' hashing worker: decodes and hashes the encoded photos it is sent, answers with how many. */
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { decodeImage } from '../../crawler/image/decode';
import { hashImage } from '../../shared/image';

// One libvips thread per worker: two workers on two cores, not each spreading over both.
sharp.concurrency(1);

parentPort!.on('message', async (photos: Uint8Array[]) => {
  let bits = 0;
  for (const p of photos) bits += hashImage(await decodeImage(p)).views.length;
  parentPort!.postMessage(bits);
});
