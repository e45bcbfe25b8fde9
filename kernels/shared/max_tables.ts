/**
 * Moved to src/geometry (one geometry for both families): packMaxTables, packStrays and their types to
 * src/geometry/packed_tables.ts, passCount and the 4096 bound (MAX_WINDOW_ELEMENTS) to src/geometry/gpu_tiles.ts.
 * This re-export keeps branches written against the old path compiling until they are merged; import from
 * src/geometry instead.
 */
export {
  MAX_WINDOW_ELEMENTS as MAX_TAPS_PER_PASS,
  PackedMaxTables,
  PackedStrays,
  packMaxTables,
  packStrays,
  passCount,
} from '../../src/geometry';
