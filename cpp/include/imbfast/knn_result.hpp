// Bounded k-nearest result set written straight into caller buffers.
// Entries stay sorted by (squared distance, index): ties go to the smaller index,
// so the answer does not depend on visiting order or thread count.
#pragma once

#include <limits>

#include "imbfast/common.hpp"

namespace imbfast::core {

class KnnResult {
   public:
    KnnResult(double* dist, index_t* idx, index_t k) : dist_(dist), idx_(idx), k_(k) {}

    // Current pruning radius (squared): +inf until k entries are held.
    double worst() const noexcept { return count_ < k_ ? kInf : dist_[k_ - 1]; }

    // True if (d, i) would enter the set.
    bool accepts(double d, index_t i) const noexcept {
        if (count_ < k_) return true;
        const double w = dist_[k_ - 1];
        return d < w || (d == w && i < idx_[k_ - 1]);
    }

    // True if index i is held (linear: k is small).
    bool contains(index_t i) const noexcept {
        for (index_t j = 0; j < count_; ++j) {
            if (idx_[j] == i) return true;
        }
        return false;
    }

    // Sorted insertion (k is small: an array beats a heap).
    void push(double d, index_t i) noexcept {
        index_t pos = count_ < k_ ? count_++ : k_ - 1;
        while (pos > 0 &&
               (dist_[pos - 1] > d || (dist_[pos - 1] == d && idx_[pos - 1] > i))) {
            dist_[pos] = dist_[pos - 1];
            idx_[pos] = idx_[pos - 1];
            --pos;
        }
        dist_[pos] = d;
        idx_[pos] = i;
    }

    static constexpr double kInf = std::numeric_limits<double>::infinity();

   private:
    double* dist_;
    index_t* idx_;
    index_t k_;
    index_t count_ = 0;
};

}  // namespace imbfast::core
