// The Glue script of DIF's Glue 5.0 jobs (uploaded to s3://<artifacts>/glue/dif-glue-entry.scala,
// the jobs' script_location). A Scala/Java Glue job needs a script to compile, but it runs the
// class named by its --class argument, loaded from --extra-jars: the shaded jar
// dif-glue-jobs-*-glue.jar holding io.dif.glue.TransformJob and io.dif.glue.LoadJob, plain Java
// mains that read the job's --key value arguments. So this script holds no logic; it only has to
// compile.
//
// Exit-code contract with the state machine: an entry point that ends with a non-zero DIF exit
// code throws, so the job run FAILS, with a message starting "DIF_EXIT_CODE=<code>: " (e.g.
// "DIF_EXIT_CODE=75: Cannot load demo.campaigns: warehouse busy"); Step Functions retries a run
// whose ErrorMessage contains "DIF_EXIT_CODE=75:" and alerts on every other failure.
object DifGlueEntry
