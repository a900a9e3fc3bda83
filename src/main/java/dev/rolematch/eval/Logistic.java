package dev.rolematch.eval;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS); the bias is not
 * regularised. Targets may be fractional (soft labels, e.g. grade / 3). Small and exact for a handful of features and a few thousand pairs.
 */
public final class Logistic {

  /**
   * The solver's result: bias and weights. Only the solver's: the model that turns features into a
   * probability is {@link dev.rolematch.match.Calibration.Model}, the one logistic function of the
   * product, which {@code RankingEval.fitClass} builds from these.
   */
  public record Fit(double bias, double[] weights) {}

  private Logistic() {}

  public static Fit fit(List<double[]> xs, List<Double> ys, double lambda) {
    return fit(xs, ys, null, lambda);
  }

  /** As {@link #fit(List, List, double)} with a weight per example (null: all 1). */
  public static Fit fit(List<double[]> xs, List<Double> ys, List<Double> sampleWeights, double lambda) {
    int d = xs.get(0).length + 1;
    double[] w = new double[d]; // w[0] is the bias
    for (int iter = 0; iter < 50; iter++) {
      RealMatrix h = new Array2DRowRealMatrix(d, d);
      RealVector g = new ArrayRealVector(d);
      for (int n = 0; n < xs.size(); n++) {
        double[] x = withBias(xs.get(n));
        double z = 0;
        for (int i = 0; i < d; i++) {
          z += w[i] * x[i];
        }
        double p = 1 / (1 + Math.exp(-z));
        double sw = sampleWeights == null ? 1 : sampleWeights.get(n);
        double r = sw * p * (1 - p);
        double err = sw * (p - ys.get(n));
        for (int i = 0; i < d; i++) {
          g.addToEntry(i, err * x[i]);
          for (int j = 0; j < d; j++) {
            h.addToEntry(i, j, r * x[i] * x[j]);
          }
        }
      }
      for (int i = 1; i < d; i++) {
        g.addToEntry(i, lambda * w[i]);
        h.addToEntry(i, i, lambda);
      }
      h.addToEntry(0, 0, 1e-9);
      RealVector step = new LUDecomposition(h).getSolver().solve(g);
      double change = 0;
      for (int i = 0; i < d; i++) {
        w[i] -= step.getEntry(i);
        change = Math.max(change, Math.abs(step.getEntry(i)));
      }
      if (change < 1e-8) {
        break;
      }
    }
    double[] weights = new double[d - 1];
    System.arraycopy(w, 1, weights, 0, d - 1);
    return new Fit(w[0], weights);
  }

  private static double[] withBias(double[] x) {
    double[] out = new double[x.length + 1];
    out[0] = 1;
    System.arraycopy(x, 0, out, 1, x.length);
    return out;
  }
}
