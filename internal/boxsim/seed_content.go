package boxsim

import (
	"math"
	"math/rand/v2"
)

// seedContent gives users owned items (counted, not modelled): most active
// users own some, fewer of the others, the admin always; counts are
// log-uniform in 1..2000. The service account and external users own none.
func seedContent(rng *rand.Rand, st *store) {
	for _, u := range st.users {
		p := 0.85
		switch {
		case u.role == roleAdmin:
			p = 1
		case u.appUser:
			p = 0.3
		case u.status != statusActive:
			p = 0.6
		}
		if rng.Float64() < p {
			u.ownedItems = int(math.Exp(rng.Float64() * math.Log(2000)))
		}
	}
}
