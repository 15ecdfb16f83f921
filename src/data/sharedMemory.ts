/** Typed arrays in shared memory, which worker threads read and write in place, without a copy. */

export type SharedTyped = Uint8Array | Int32Array | Float64Array | Float32Array;

/** A zeroed array of `length` values in shared memory. */
export function sharedArray<T extends SharedTyped>(
  Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Kind(new SharedArrayBuffer(length * Kind.BYTES_PER_ELEMENT));
}

/** A copy of `array` in shared memory. */
export function sharedCopy<T extends SharedTyped>(array: T): T {
  const out = sharedArray(array.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, array.length);
  out.set(array as never);
  return out;
}

export const isShared = (array: ArrayBufferView): boolean => array.buffer instanceof SharedArrayBuffer;
