export {AxisTable, adaptiveAxis, poolAxis} from './axis_table';
export {BoxPlan, DivisorRule, planBox} from './box_plan';
export {MeanPlan, MeanRun, meanGroups, meanRuns, planMean} from './mean_plan';
export {
  SUM_LANES,
  SUM_LEVELS,
  SUM_ROWS,
  SumLoopKind,
  SumOrder,
  SumOuterDim,
  cascadeLevelPower,
  planSumOrder,
} from './sum_order';
export {
  AXIS_SECTIONS,
  AxisSection,
  HEADER,
  MAX_AXIS_SECTIONS,
  MaxAxisSection,
  PackedTables,
  ROWS_SLOT,
  RowsSection,
  assemblyTableLayout,
  packTables,
  maxSectionOffsetCode,
  rowsSectionOffsetCode,
  sectionOffset,
  sectionOffsetCode,
} from './packed_tables';
export {poolOutputSize} from './output_size';
export {AdaptiveSpec, PoolSpec, WindowSpec, spatialRank} from './window_attrs';
export {
  StridedWindows,
  constantFactor,
  coveringOutputs,
  phaseCover,
  stridedWindows,
  stridedWindows3,
} from './strided_windows';
export {Dialect, GLSL, JAVASCRIPT, StridedNames, coveringOutputsCode, windowFirstCode} from './strided_code';
export {perPlan} from './per_plan';
export {
  MaxAxisTable,
  MaxPlan,
  MaxPoolSpec,
  MaxWindowSpec,
  PlaneLayout,
  adaptiveMaxAxis,
  hasTaps,
  initialIndex,
  maxPoolAxis,
  maxPoolOutputSize,
  maxPoolOutputSizeInt64,
  maxSpatialRank,
  planMax,
  planeLayout,
  unpoolDefaultSize,
} from './max_windows';
export {StrayGradients, strayGradients, strayPlaneStep, strayReach} from './stray_gradients';
export {
  MAX_WINDOW_ELEMENTS,
  ReductionPolicy,
  WEBGL_MEAN,
  WEBGPU_MEAN,
  WindowTiles,
  chunkPasses,
  reductionPasses,
  windowTiles,
} from './gpu_tiles';
export {TfPoolWindows, outputDivisors, tfPoolWindows} from './tf_pool';
export {TfMaxWindows, tfMaxPoolWindows} from './tf_max_pool';
export {SimdRowsLayout, simdRowsLayout} from './simd_layout';
export {
  DIVISOR_RULE_CODES,
  divisorStep,
  divisorStepGlsl,
  divisorStepWgsl,
  integerDivisorStep,
  storesPositiveZero,
} from './divisor_step';
export {
  MemoryLayout,
  PlaneAddressing,
  layoutOf,
  logicalShape,
  planeAddressing,
  storedShape,
  toChannelsFirstPerm,
  toChannelsLastPerm,
} from './memory_layout';
export {
  GLSL_LAYOUT,
  JAVASCRIPT_LAYOUT,
  LayoutDialect,
  LayoutNames,
  WGSL_LAYOUT,
  cellOffsetCode,
  cellStrideCode,
  planeBaseCode,
  planeCellCode,
  planeOffsetCode,
  planeStrideCode,
} from './layout_code';
export {productDivisorChannels} from './channels_last_divisor';
