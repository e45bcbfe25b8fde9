export {AxisTable, adaptiveAxis, maxPoolAxis, poolAxis} from './axis_table';
export {AxisPlan, axisPlan} from './axis_plan';
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
  PackedAxes,
  PackedMaxTables,
  PackedStrays,
  PackedTables,
  ROWS_SLOT,
  RowsSection,
  assemblyTableLayout,
  packMaxTables,
  packStrays,
  packTables,
  rowsSectionOffsetCode,
  sectionOffset,
  sectionOffsetCode,
} from './packed_tables';
export {poolOutputSize, poolOutputSizeInt64} from './output_size';
export {AdaptiveSpec, PoolSpec, WindowSpec, spatialRank} from './window_attrs';
export {
  StridedTaps,
  StridedWindows,
  constantFactor,
  coveringOutputs,
  phaseCover,
  stridedTaps,
  stridedTaps3,
  stridedWindows,
  stridedWindows3,
} from './strided_windows';
export {
  DilatedNames,
  Dialect,
  GLSL,
  JAVASCRIPT,
  StridedNames,
  coveringOutputsCode,
  maxWindowCode,
  tapPositionCode,
  windowFirstCode,
} from './strided_code';
export {perPlan} from './per_plan';
export {
  MaxAxisTable,
  MaxPlan,
  MaxPoolSpec,
  MaxWindowSpec,
  PlaneLayout,
  UnpoolLayout,
  adaptiveMaxAxis,
  hasTaps,
  initialIndex,
  maxPoolOutputSize,
  maxPoolOutputSizeInt64,
  maxSpatialRank,
  planMax,
  planeLayout,
  unpoolDefaultSize,
  unpoolLayout,
} from './max_windows';
export {StrayGradients, strayGradients, strayPlaneStep, strayReach} from './stray_gradients';
export {
  MAX_WINDOW_ELEMENTS,
  ReductionPolicy,
  WEBGL_MEAN,
  WEBGPU_MEAN,
  WindowTiles,
  chunkPasses,
  passCount,
  reductionPasses,
  windowTiles,
} from './gpu_tiles';
export {TfPoolWindows, outputDivisors, tfPoolWindows, widens} from './tf_pool';
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
export {WINOGRAD_AT, WINOGRAD_BT, WINOGRAD_G, WinogradPlan, planWinograd, winogradTransformsAssembly} from './winograd';
export {ConcatRows, concatRows} from './concat_rows';
export {POINTWISE_COLUMNS, PointwisePlan, planPointwise} from './pointwise_conv';
