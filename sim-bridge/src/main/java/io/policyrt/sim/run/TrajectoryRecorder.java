package io.policyrt.sim.run;


/** Keeps the robot's and the obstacle's positions for the trajectory plot, in preallocated arrays. */
public final class TrajectoryRecorder {
    private final double[] robotX;
    private final double[] robotY;
    private final double[] obstacleX;
    private final double[] obstacleY;
    private int count;

    public TrajectoryRecorder(int capacity) {
        robotX = new double[capacity];
        robotY = new double[capacity];
        obstacleX = new double[capacity];
        obstacleY = new double[capacity];
    }

    /** Records the current state; ignored once full. Called on the simulator's thread. */
    public void record(Simulation sim) {
        if (count == robotX.length) {
            return;
        }
        robotX[count] = sim.robot().xM();
        robotY[count] = sim.robot().yM();
        var o = sim.scenario().obstacle();
        obstacleX[count] = o == null ? Double.NaN : o.xAt(sim.timeS());
        obstacleY[count] = o == null ? Double.NaN : o.yAt(sim.timeS());
        count++;
    }

    public int count() { return count; }
    public double[] robotX() { return java.util.Arrays.copyOf(robotX, count); }
    public double[] robotY() { return java.util.Arrays.copyOf(robotY, count); }
    public double[] obstacleX() { return java.util.Arrays.copyOf(obstacleX, count); }
    public double[] obstacleY() { return java.util.Arrays.copyOf(obstacleY, count); }
}
