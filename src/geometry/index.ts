export {AxisTable, adaptiveAxis, poolAxis} from './axis_table';
export {BoxPlan, DivisorRule, planBox} from './box_plan';
export {MeanPlan, planMean} from './mean_plan';
export {PackedTables, packTables} from './packed_tables';
export {poolOutputSize} from './output_size';
export {AdaptiveSpec, PoolSpec, WindowSpec, spatialRank} from './window_attrs';
export {StridedWindows, constantFactor, coveringOutputs, stridedWindows, stridedWindows3} from './strided_windows';
export {perPlan} from './per_plan';
export {divisorStep, divisorStepGlsl, divisorStepWgsl, integerDivisorStep, storesPositiveZero} from './divisor_step';
