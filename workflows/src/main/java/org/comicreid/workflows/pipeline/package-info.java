/**
 * The pipeline workflow: {@link org.comicreid.workflows.pipeline.ReIdPipelineWorkflow}, its
 * implementation, and the pure helpers it uses (activity options, output codec).
 */
package org.comicreid.workflows.pipeline;
